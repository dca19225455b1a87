// The admission chain around a write: the mutating phase before the kind's own rules, the
// validating phase after them, and the chain's effects (ResourceQuota usage) written in the same
// etcd transaction as the object, guarded by the quota's mod revision. (Kubernetes writes the
// quota first, in a write of its own; one transaction keeps usage and objects from drifting
// apart when the second write fails.)

import type { Compare, RequestOp } from '../../../protocols/etcd/kv.ts';
import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { type ResourceInfo, resourceFor } from '../../../protocols/kube/resources.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { type AdmissionAttributes, type AdmissionContext, type AdmissionEffect, admitPhase, type Operation, validatePhase } from '../admission/index.ts';
import { nowText } from './now.ts';
import { encodeObject } from '../storage/codec.ts';
import type { RegistryEnv } from './env.ts';
import { fail, type Step } from './step.ts';

export interface AdmissionRequest {
  readonly operation: Operation;
  readonly r: ResourceInfo;
  readonly target: Target;
  readonly kind: string;
  readonly name: string;
  readonly oldObject?: KubeObject;
  readonly dryRun: boolean;
}

function attributes(env: RegistryEnv, req: AdmissionRequest, object: KubeObject | undefined): AdmissionAttributes {
  // Built field by field: V8 builds a literal with conditional spreads many times slower, and
  // this runs on every write.
  const a: { -readonly [K in keyof AdmissionAttributes]: AdmissionAttributes[K] } = {
    operation: req.operation,
    resource: { group: req.r.group, version: req.r.version, resource: req.r.resource, subresource: req.target.subresource ?? '', kind: req.kind },
    namespace: req.target.namespace ?? object?.metadata.namespace ?? '',
    name: req.name,
    user: env.user ?? SYSTEM_ADMIN,
    dryRun: req.dryRun,
  };
  if (object !== undefined) a.object = object;
  if (req.oldObject !== undefined) a.oldObject = req.oldObject;
  return a;
}

/** Who a request is when the replica authenticates nobody (tests of the registry alone). */
const SYSTEM_ADMIN = { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] };

/** One request's admission: what both phases are given (the same attributes and context). */
export interface Admission {
  readonly req: AdmissionRequest;
  readonly attrs: AdmissionAttributes;
  readonly ctx: AdmissionContext;
}

/** The request's admission, made once for both phases; undefined when no plugin runs. */
export function admissionOf(env: RegistryEnv, req: AdmissionRequest, object: KubeObject | undefined): Admission | undefined {
  if (env.admission === undefined) return undefined;
  return { req, attrs: attributes(env, req, object), ctx: { listers: env.admission, now: nowText(env.nowMs), pick: env.pick } };
}

/** The mutating phase: the object changed in place, or the rejection. */
export function mutateWith(a: Admission | undefined): Step | undefined {
  if (a === undefined) return undefined;
  const out = admitPhase(a.attrs, a.ctx);
  return out.allowed ? undefined : fail(out.status);
}

/** The validating phase: the effects to write with the object, or the rejection. */
export function validateWith(a: Admission | undefined): readonly AdmissionEffect[] | Step {
  if (a === undefined) return [];
  const out = validatePhase(a.attrs, a.ctx);
  return out.allowed ? (a.req.dryRun ? [] : out.effects) : fail(out.status);
}

/** The mutating phase for a request whose phases run apart (deletes): `object` changed in place, or the rejection. */
export const mutate = (env: RegistryEnv, req: AdmissionRequest, object: KubeObject | undefined): Step | undefined => mutateWith(admissionOf(env, req, object));

/** The validating phase: the effects to write with the object, or the rejection. */
export const validate = (env: RegistryEnv, req: AdmissionRequest, object: KubeObject | undefined): readonly AdmissionEffect[] | Step => validateWith(admissionOf(env, req, object));

const QUOTAS = resourceFor('', 'resourcequotas')!;

/** The compares and puts that write the effects, read against the quotas the listers hold. */
export function effectOps(env: RegistryEnv, effects: readonly AdmissionEffect[]): { compare: Compare[]; success: RequestOp[] } {
  const compare: Compare[] = [];
  const success: RequestOp[] = [];
  for (const e of effects) {
    const quota = env.admission?.resourceQuotas(e.namespace).find((q) => q.metadata?.name === e.name);
    if (quota === undefined || e.resourceVersion === undefined) continue;
    const key = storageKey(QUOTAS, e.namespace, e.name);
    compare.push({ target: 'MOD', result: 'EQUAL', key, modRevision: Number(e.resourceVersion) });
    const updated = { ...(quota as unknown as KubeObject), status: { ...quota.status, used: e.used } };
    success.push({ type: 'put', key, value: encodeObject(updated) });
  }
  return { compare, success };
}
