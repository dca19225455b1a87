// What every write checks of the object it carries before any kind's rules: that it is the kind
// the URL names, in the URL's namespace, under the URL's name; and the metadata only the server
// may set. Messages are the apiserver's.

import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { apiVersionOf, type ResourceInfo, subresourceOf } from '../../../protocols/kube/resources.ts';
import { badRequest, type FailureStatus } from '../../../protocols/kube/status.ts';
import { withFields, withoutFields } from './fields.ts';

/** The apiVersion and kind a request's body must carry: the subresource's for /scale, /binding… */
export function expectedKind(r: ResourceInfo, target: Target): { apiVersion: string; kind: string } {
  const sub = target.subresource === undefined || target.subresource === 'status' ? undefined : subresourceOf(r, target.subresource);
  return sub === undefined ? { apiVersion: apiVersionOf(r), kind: r.kind } : { apiVersion: apiVersionOf(sub), kind: sub.kind };
}

/**
 * structuredClone for the plain JSON a body is, several times faster: plain objects and arrays
 * copied key by key, anything else (a Uint8Array, a Date) left to structuredClone.
 */
export function cloneBody<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneBody(v[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = cloneBody((v as Record<string, unknown>)[k]);
    // An own `__proto__` key stays a key, as structuredClone keeps it.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out as T;
}

/**
 * A copy of the body with apiVersion/kind filled in when left out (as a typed client may), or
 * the 400 the apiserver's decoder gives.
 */
export function checkBody(body: KubeObject, r: ResourceInfo, target: Target, copy = true): KubeObject | FailureStatus {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return badRequest('the body of the request was in an unknown format');
  const want = expectedKind(r, target);
  // `copy` false: the body is the request's own already (a patch's result), changed in place.
  const obj = copy ? cloneBody(body) : body;
  obj.apiVersion ||= want.apiVersion;
  obj.kind ||= want.kind;
  obj.metadata = typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {};
  if (obj.kind !== want.kind) return badRequest(`the object provided is unrecognized (must be of type ${want.kind})`);
  if (obj.apiVersion !== want.apiVersion) return badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${want.apiVersion})`);
  if (r.namespaced && target.namespace !== undefined) {
    if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== '' && obj.metadata.namespace !== target.namespace) {
      return badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    // The metadata is this request's own (cloneBody's copy, or a strategic merge's result): set in
    // place, where withFields would put it.
    if (!Array.isArray(obj.metadata)) obj.metadata.namespace = target.namespace;
    else obj.metadata = withFields(obj.metadata, { namespace: target.namespace });
  }
  if (!r.namespaced && obj.metadata.namespace !== undefined) {
    const { namespace: _, ...rest } = obj.metadata;
    obj.metadata = rest;
  }
  if (target.name !== undefined && obj.metadata.name !== undefined && obj.metadata.name !== '' && obj.metadata.name !== target.name) {
    return badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${target.name})`);
  }
  return obj;
}

/** BeforeCreate's system fields: the server's alone, whatever the client sent. */
export function stampCreate(obj: KubeObject, uid: string, now: string): void {
  // One copy, not two: the fields left out, then uid and creationTimestamp set where
  // withFields(withoutFields(...)) puts them (in place if sent, else last).
  const meta = withoutFields(obj.metadata, SERVER_SET_ON_CREATE) as { -readonly [K in keyof KubeObject['metadata']]: KubeObject['metadata'][K] };
  if (Object.hasOwn(meta, '__proto__')) {
    obj.metadata = withFields(meta, { uid, creationTimestamp: now });
    return;
  }
  meta.uid = uid;
  meta.creationTimestamp = now;
  obj.metadata = meta;
}

const SERVER_SET_ON_CREATE = ['deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink'] as const;

/** BeforeUpdate: what an update may not change is taken from the stored object. */
export function keepSystemFields(obj: KubeObject, old: KubeObject): void {
  const m = old.metadata;
  const { selfLink: _s, deletionTimestamp: _d, deletionGracePeriodSeconds: _g, ...meta } = obj.metadata;
  obj.metadata = {
    ...meta,
    uid: meta.uid || m.uid,
    creationTimestamp: m.creationTimestamp,
    ...(m.deletionTimestamp !== undefined ? { deletionTimestamp: m.deletionTimestamp } : {}),
    ...(m.deletionGracePeriodSeconds !== undefined ? { deletionGracePeriodSeconds: m.deletionGracePeriodSeconds } : {}),
  };
}
