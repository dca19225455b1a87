// The rules every kind starts from: objects with a `spec` and a `status` subresource get
// generation 1 on create and +1 when the spec changes, and the main resource and the status
// subresource each keep the other's part; kinds without a status get none of that.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../protocols/kube/validation/index.ts';
import type { Strategy } from './types.ts';
import { cloneBody } from '../registry/body.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

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
              // last), copied: cloneBody is structuredClone for plain JSON, several times faster.
              const next = cloneBody(old);
              if (status === undefined) delete next.status;
              else next.status = cloneBody(status);
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
