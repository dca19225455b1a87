// CustomResourceDefinitions and the custom resources they define.

export * from './custom-resource.ts';
export * from './definition.ts';
export * from './embedded.ts';
export * from './formats.ts';
export * from './list-types.ts';
export * from './prune.ts';
export * from './schema.ts';
export * from './structural.ts';
export * from './validate.ts';
