// Objects nested in a custom resource under x-kubernetes-embedded-resource (a pod template in a
// CRD, say) must look like objects: apiVersion and kind set and well formed, metadata valid with
// path-segment names (apiextensions schema/objectmeta validation). The resource's own root is the
// pipeline's to check.

import { type FieldError, FieldPath, fieldError } from '../../../protocols/kube/field-errors.ts';
import type { ObjectMeta } from '../../../protocols/kube/objects.ts';
import { isDNS1035Label } from '../../../protocols/kube/validation/index.ts';
import { nameIsPathSegment } from '../strategies/core/rbac.ts';
import { validateObjectMeta } from '../strategies/meta.ts';
import { type Schema, isObject } from './schema.ts';

function validateEmbedded(x: Record<string, unknown>, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in x)) errs.push(fieldError.required(at.child('apiVersion')));
  if (!('kind' in x)) errs.push(fieldError.required(at.child('kind')));
  for (const k of Object.keys(x).sort()) {
    const v = x[k];
    if (k === 'apiVersion') {
      if (typeof v !== 'string') errs.push(fieldError.invalid(at.child(k), v, 'must be a string'));
      else if (v === '') errs.push(fieldError.invalid(at.child(k), v, 'must not be empty'));
      else if (v.split('/').length > 2) errs.push(fieldError.invalid(at.child(k), v, `unexpected GroupVersion string: ${v}`));
    } else if (k === 'kind') {
      if (typeof v !== 'string') errs.push(fieldError.invalid(at.child(k), v, 'must be a string'));
      else if (v === '') errs.push(fieldError.invalid(at.child(k), v, 'must not be empty'));
      else {
        const e = isDNS1035Label(v.toLowerCase());
        if (e.length > 0) errs.push(fieldError.invalid(at.child(k), v, `may have mixed case, but should otherwise match: ${e.join(',')}`));
      }
    } else if (k === 'metadata' && isObject(v)) {
      const meta = v as ObjectMeta;
      const named = (meta.name ?? '') === '' ? { ...meta, name: 'fakename' } : meta;
      errs.push(...validateObjectMeta(named, { namespaced: (meta.namespace ?? '') !== '', nameValidator: nameIsPathSegment, kubeFinalizers: false }, at.child('metadata')));
    }
  }
  return errs;
}

function walk(s: Schema | undefined, x: unknown, at: FieldPath, root: boolean): FieldError[] {
  if (s === undefined) return [];
  if (Array.isArray(x)) {
    const items = s.items;
    return items === undefined || Array.isArray(items) ? [] : x.flatMap((v, i) => walk(items, v, at.index(i), false));
  }
  if (!isObject(x)) return [];
  const errs = !root && s['x-kubernetes-embedded-resource'] === true ? validateEmbedded(x, at) : [];
  const extra = isObject(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
  for (const k of Object.keys(x).sort()) {
    const prop = s.properties?.[k];
    if (prop !== undefined) errs.push(...walk(prop, x[k], at.child(k), false));
    else if (extra !== undefined) errs.push(...walk(extra, x[k], at.key(k), false));
  }
  return errs;
}

/** The embedded objects of a custom resource, checked as objects. */
export function validateEmbeddedResources(obj: unknown, schema: Schema | undefined): FieldError[] {
  return walk(schema, obj, FieldPath.none, true);
}
