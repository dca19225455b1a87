// Server-side apply and field ownership: what the apiserver's write paths call. Create, update
// and non-apply patches record their writer with trackUpdate; apply patches go through apply;
// PatchOptions are checked with validatePatchOptions; /scale moves managedFields with the scale
// handler; kindSchema (built-in kinds) and crdSchema (custom resources) give the list and map types.

export { type ApplyResult, type FieldManagerContext, type JsonObject, apply, trackUpdate } from './field-manager.ts';
export { validatePatchOptions } from './patch-options.ts';
export { kindSchema } from './kind-schema.ts';
export { type StructuralSchema, crdSchema } from './crd-schema.ts';
export { APPS_V1_REPLICAS, type ResourcePathMappings, SCALE_GROUP_VERSION, scaleToParent, scaleToSubresource } from './scale-handler.ts';
export { type ApplySchema, type ListShape, type MapShape, type SchemaNode, tableSchema, untypedSchema } from './schema.ts';
export { LAST_APPLIED } from './last-applied.ts';
