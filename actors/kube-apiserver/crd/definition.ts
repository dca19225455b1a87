// apiextensions.k8s.io/v1 CustomResourceDefinition: defaults (singular, listKind, conversion
// None, storedVersions), ValidateCustomResourceDefinition's essentials (name = plural.group, a
// group with a dot, scope, DNS-1035 names, unique versions with exactly one storage version, a
// structural openAPIV3Schema for every version), and the names and group that may not change.

import { type FieldError, FieldPath, fieldError } from '../../../protocols/kube/field-errors.ts';
import { isEstablished } from '../../../protocols/kube/crd-resources.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../strategies/generic.ts';
import { validateImmutableField } from '../strategies/meta.ts';
import type { Strategy } from '../strategies/types.ts';
import type { Schema } from './schema.ts';
import { validateStructuralSchema } from './structural.ts';

type Crd = Partial<CustomResourceDefinition>;
type Names = Partial<CustomResourceDefinition['spec']['names']>;
const SPEC = FieldPath.root('spec');

export function defaultCRD(obj: KubeObject): KubeObject {
  const crd = obj as KubeObject & Crd;
  const spec = (crd.spec ??= {} as CustomResourceDefinition['spec']);
  const names = (spec.names ??= {} as CustomResourceDefinition['spec']['names']);
  if ((names.singular ?? '') === '') names.singular = (names.kind ?? '').toLowerCase();
  if ((names.listKind ?? '') === '' && (names.kind ?? '') !== '') names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  return obj;
}

function joined(path: FieldPath, value: string, errs: string[]): FieldError[] {
  return errs.length > 0 ? [fieldError.invalid(path, value, errs.join(','))] : [];
}

/** ValidateCustomResourceDefinitionNames (spec.names and status.acceptedNames). */
export function validateNames(names: Names, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mixed = 'may have mixed case, but should otherwise match: ';
  if ((names.plural ?? '') !== '') errs.push(...joined(at.child('plural'), names.plural!, isDNS1035Label(names.plural!)));
  if ((names.singular ?? '') !== '') errs.push(...joined(at.child('singular'), names.singular!, isDNS1035Label(names.singular!)));
  if ((names.kind ?? '') !== '') {
    const e = isDNS1035Label(names.kind!.toLowerCase());
    if (e.length > 0) errs.push(fieldError.invalid(at.child('kind'), names.kind, mixed + e.join(',')));
  }
  if ((names.listKind ?? '') !== '') {
    const e = isDNS1035Label(names.listKind!.toLowerCase());
    if (e.length > 0) errs.push(fieldError.invalid(at.child('listKind'), names.listKind, mixed + e.join(',')));
  }
  (names.shortNames ?? []).forEach((s, i) => errs.push(...joined(at.child('shortNames').index(i), s, isDNS1035Label(s))));
  if ((names.kind ?? '') !== '' && names.kind === names.listKind) errs.push(fieldError.invalid(at.child('listKind'), names.listKind, 'kind and listKind may not be the same'));
  (names.categories ?? []).forEach((c, i) => errs.push(...joined(at.child('categories').index(i), c, isDNS1035Label(c))));
  return errs;
}

function validateSpec(crd: Crd): FieldError[] {
  const spec: Partial<CustomResourceDefinition['spec']> = crd.spec ?? {};
  const errs: FieldError[] = [];
  const group = spec.group ?? '';
  if (group === '') errs.push(fieldError.required(SPEC.child('group')));
  else if (isDNS1123Subdomain(group).length > 0) errs.push(...joined(SPEC.child('group'), group, isDNS1123Subdomain(group)));
  else if (!group.includes('.')) errs.push(fieldError.invalid(SPEC.child('group'), group, 'should be a domain with at least one dot'));
  const scope = spec.scope ?? '';
  if (scope === '') errs.push(fieldError.required(SPEC.child('scope')));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(fieldError.notSupported(SPEC.child('scope'), scope, ['Cluster', 'Namespaced']));
  const versions = spec.versions ?? [];
  versions.forEach((v, i) => {
    if (v.schema?.openAPIV3Schema === undefined) errs.push(fieldError.required(SPEC.child('versions').index(i).child('schema', 'openAPIV3Schema')));
  });
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    errs.push(...joined(SPEC.child('versions').index(i).child('name'), v.name ?? '', isDNS1035Label(v.name ?? '')));
    const schema = v.schema?.openAPIV3Schema as Schema | undefined;
    if (schema !== undefined) errs.push(...validateStructuralSchema(schema, SPEC.child('versions').index(i).child('schema', 'openAPIV3Schema')));
  });
  if (!unique) errs.push(fieldError.invalid(SPEC.child('versions'), versions, 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1) errs.push(fieldError.invalid(SPEC.child('versions'), versions, 'must have exactly one version marked as storage version'));
  const names: Names = spec.names ?? {};
  for (const k of ['plural', 'singular', 'kind', 'listKind'] as const) if ((names[k] ?? '') === '') errs.push(fieldError.required(SPEC.child('names', k)));
  errs.push(...validateNames(names, SPEC.child('names')));
  return errs;
}

function validateStoredVersions(crd: Crd): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const at = FieldPath.root('status', 'storedVersions');
  if (stored.length === 0) return [fieldError.invalid(at, stored, 'must have at least one stored version')];
  const storage = (crd.spec?.versions ?? []).find((v) => v.storage === true);
  if (storage !== undefined && !stored.includes(storage.name)) return [fieldError.invalid(at, stored, `must have the storage version ${storage.name}`)];
  return [];
}

/** ValidateCustomResourceDefinition without the generic metadata checks (the pipeline's), but with its name rule. */
export function validateCRD(obj: KubeObject): FieldError[] {
  const crd = obj as KubeObject & Crd;
  const errs: FieldError[] = [];
  const required = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  const name = obj.metadata.name ?? '';
  if (name !== '' && name !== required) errs.push(fieldError.invalid('metadata.name', name, 'must be spec.names.plural+"."+spec.group'));
  errs.push(...validateSpec(crd), ...validateNames(crd.status?.acceptedNames ?? {}, FieldPath.root('status', 'acceptedNames')), ...validateStoredVersions(crd));
  return errs;
}

export function validateCRDUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const crd = obj as KubeObject & Crd;
  const was = old as KubeObject & Crd;
  const errs = validateCRD(obj);
  if (isEstablished(was as unknown as CustomResourceDefinition)) {
    errs.push(...validateImmutableField(crd.spec?.scope, was.spec?.scope, SPEC.child('scope')));
    errs.push(...validateImmutableField(crd.spec?.names?.kind, was.spec?.names?.kind, SPEC.child('names', 'kind')));
  }
  errs.push(...validateImmutableField(crd.spec?.group, was.spec?.group, SPEC.child('group')));
  errs.push(...validateImmutableField(crd.spec?.names?.plural, was.spec?.names?.plural, SPEC.child('names', 'plural')));
  return errs;
}

const base = genericStrategy(true);

export const crdStrategy: Strategy = {
  ...base,
  nameValidator: nameIsDNSSubdomain,
  defaults: defaultCRD,
  prepareForCreate(obj) {
    const crd = obj as KubeObject & Crd;
    const storage = (crd.spec?.versions ?? []).find((v) => v.storage === true);
    obj.status = { storedVersions: storage === undefined ? [] : [storage.name] };
    obj.metadata = { ...obj.metadata, generation: 1 };
  },
  prepareForUpdate(obj, old, ctx) {
    base.prepareForUpdate(obj, old, ctx);
    // A storage version a write adds joins storedVersions, as the registry's strategy does.
    const crd = obj as KubeObject & Crd;
    const stored = [...(crd.status?.storedVersions ?? [])];
    for (const v of crd.spec?.versions ?? []) if (v.storage === true && !stored.includes(v.name)) stored.push(v.name);
    obj.status = { ...crd.status, storedVersions: stored };
  },
  validate: validateCRD,
  validateUpdate: validateCRDUpdate,
  // A status write keeps the spec and labels, annotations, owners and generation, but takes the
  // rest of metadata from the request: the cleanup controller drops its finalizer this way.
  status: {
    prepareForUpdate(obj, old) {
      obj.spec = structuredClone(old.spec);
      const { labels, annotations, ownerReferences, generation } = old.metadata;
      const { labels: _l, annotations: _a, ownerReferences: _o, generation: _g, ...rest } = obj.metadata;
      obj.metadata = { ...rest, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}), ...(ownerReferences ? { ownerReferences } : {}), ...(generation !== undefined ? { generation } : {}) };
    },
    validateUpdate: (obj, old, ctx) => base.status?.validateUpdate(obj, old, ctx) ?? [],
  },
};
