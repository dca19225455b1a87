// Namespace (pkg/registry/core/namespace/strategy.go, ValidateNamespace*): created Active with
// the `kubernetes` finalizer, labelled kubernetes.io/metadata.name=<name> (1.21+), spec.finalizers
// changed only through /finalize, status.phase tied to deletionTimestamp. A namespace is removed
// only once its spec.finalizers are gone too (ShouldDeleteNamespaceDuringUpdate).

import { type FieldError, fieldError, FieldPath } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { nameIsDNSLabel } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import { validateKubeFinalizerName } from '../meta.ts';
import type { Strategy } from '../types.ts';
import { qualifiedName } from './fields.ts';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string };
}

const asNs = (o: KubeObject) => o as KubeObject & NamespaceShape;

function labelWithName(obj: KubeObject): void {
  const name = obj.metadata.name;
  if (name !== undefined && name !== '') obj.metadata = { ...obj.metadata, labels: { ...obj.metadata.labels, [NAMESPACE_NAME_LABEL]: name } };
}

/** The spec's finalizers are reported at the list's path, as ValidateNamespace does. */
function validateSpecFinalizers(obj: KubeObject): FieldError[] {
  return (asNs(obj).spec?.finalizers ?? []).flatMap((f) => [...qualifiedName('spec.finalizers', f), ...validateKubeFinalizerName(f, 'spec.finalizers')]);
}

function validatePhase(obj: KubeObject): FieldError[] {
  const phase = asNs(obj).status?.phase ?? '';
  const deleting = obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;
  if (!deleting && phase !== 'Active') return [fieldError.invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty")];
  if (deleting && phase !== 'Terminating') return [fieldError.invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
  return [];
}

const base = genericStrategy(true);

export const namespaceStrategy: Strategy = {
  ...base,
  nameValidator: nameIsDNSLabel,
  defaults(obj) {
    labelWithName(obj);
    const ns = asNs(obj);
    if (ns.status?.phase === undefined || ns.status.phase === '') ns.status = { ...ns.status, phase: 'Active' };
    return obj;
  },
  prepareForCreate(obj) {
    const ns = asNs(obj);
    ns.status = { phase: 'Active' };
    const finalizers = ns.spec?.finalizers ?? [];
    if (!finalizers.includes('kubernetes')) ns.spec = { ...ns.spec, finalizers: [...finalizers, 'kubernetes'] };
    labelWithName(obj);
  },
  prepareForUpdate(obj, old) {
    const ns = asNs(obj);
    const was = asNs(old);
    ns.spec = { ...ns.spec, finalizers: was.spec?.finalizers ?? [] };
    if (was.spec === undefined) delete ns.spec;
    ns.status = was.status ?? {};
    labelWithName(obj);
  },
  validate: validateSpecFinalizers,
  validateUpdate: () => [],
  status: {
    // namespaceStatusStrategy resets only spec: metadata goes through, as with /finalize.
    prepareForUpdate(obj, old) {
      const was = asNs(old);
      if (was.spec === undefined) delete asNs(obj).spec;
      else asNs(obj).spec = structuredClone(was.spec);
      labelWithName(obj);
    },
    validateUpdate: (obj) => validatePhase(obj),
  },
  selectableFields: (obj) => ({ 'status.phase': asNs(obj).status?.phase ?? '', name: obj.metadata.name ?? '' }),
};

/**
 * namespaces/<name>/finalize (namespaceFinalizeStrategy): the body's spec and metadata are taken,
 * the status kept; finalizer names are checked one by one, at their index.
 */
export const namespaceFinalizeStrategy: Strategy = {
  ...namespaceStrategy,
  prepareForUpdate(obj, old) {
    const was = asNs(old);
    asNs(obj).status = was.status ?? {};
    labelWithName(obj);
  },
  validateUpdate(obj) {
    const at = FieldPath.of('spec.finalizers');
    return (asNs(obj).spec?.finalizers ?? []).flatMap((f, i) => [...qualifiedName(at.index(i), f), ...validateKubeFinalizerName(f, at.index(i))]);
  },
};

/** A namespace still holding a spec finalizer: no write removes it, whatever its metadata says. */
export function heldBySpecFinalizers(obj: KubeObject): boolean {
  return obj.apiVersion === 'v1' && obj.kind === 'Namespace' && (asNs(obj).spec?.finalizers ?? []).length > 0;
}
