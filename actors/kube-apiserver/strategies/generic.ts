// The rules every kind starts from: objects with a `spec` and a `status` subresource get
// generation 1 on create and +1 when the spec changes, and the main resource and the status
// subresource each keep the other's part; kinds without a status get none of that.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../protocols/kube/validation/index.ts';
import type { Strategy } from './types.ts';
import { cloneBody } from '../registry/body.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** cloneBody's copy of an object's top level and of its metadata; below them, the same values. */
export function topAndMetadataCopy(obj: KubeObject): KubeObject {
  const out = ownKeysCopy(obj as unknown as Record<string, unknown>);
  const meta = out['metadata'];
  if (typeof meta === 'object' && meta !== null) {
    const plain = !Array.isArray(meta) && Object.getPrototypeOf(meta) === Object.prototype;
    setOwn(out, 'metadata', plain ? ownKeysCopy(meta as Record<string, unknown>) : cloneBody(meta));
  }
  return out as unknown as KubeObject;
}

function ownKeysCopy(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, v[k]);
  return out;
}

// An own `__proto__` key stays a key, as cloneBody keeps it.
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

/** A strategy with no kind-specific rules; `hasStatus` as the resource table says. */
export function genericStrategy(hasStatus: boolean, overrides: Partial<Strategy> = {}): Strategy {
  const base: Strategy = {
    nameValidator: nameIsDNSSubdomain,
    defaults: (obj) => obj,
    prepareForCreate(obj) {
      if (!hasStatus) return;
      delete obj.status;
      obj.metadata = { ...obj.metadata, generation: 1 };
    },
    prepareForUpdate(obj, old) {
      if (!hasStatus) return;
      if (old.status === undefined) delete obj.status;
      else obj.status = old.status;
      obj.metadata = { ...obj.metadata, generation: (old.metadata.generation ?? 1) + (same(obj.spec, old.spec) ? 0 : 1) };
    },
    validate: () => [],
    validateUpdate: () => [],
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: true,
    ...(hasStatus
      ? {
          status: {
            prepareForUpdate(obj: KubeObject, old: KubeObject) {
              const status = obj.status;
              // The stored object with the new status (where the stored one had its own, else
              // last). `old` is the write's own copy (decoded, or cloned from the cache, for this
              // request alone), only read once this step has run: its parts are taken as they are
              // but for the top level and metadata, which kinds' own steps change in place. The
              // status is the request's own as well.
              const next = topAndMetadataCopy(old);
              if (status === undefined) delete next.status;
              else next.status = status;
              for (const k of Object.keys(obj)) delete obj[k];
              Object.assign(obj, next);
            },
            validateUpdate: () => [],
          },
        }
      : {}),
  };
  return { ...base, ...overrides };
}
