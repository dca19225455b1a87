// POST: a new object. Defaults, generated name, system fields, the kind's PrepareForCreate and
// validation, then a transaction that writes the key only if it does not exist.

import type { CreateOptions, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { alreadyExists, conflict, internalError, invalid, OPTIMISTIC_LOCK_MESSAGE } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { generateName } from '../../../protocols/kube/validation/index.ts';
import { decodeBody } from '../schema/unknown-fields.ts';
import { withSchemaUnknownFields } from '../crd/field-validation.ts';
import { nowText } from './now.ts';
import { encodeOwned, withResourceVersion } from '../storage/codec.ts';
import { newUid } from '../storage/uid.ts';
import type { Strategy, StrategyContext } from '../strategies/types.ts';
import type { AdmissionEffect } from '../admission/index.ts';
import { admissionOf, effectOps, mutateWith, validateWith } from './admission.ts';
import { checkBody, stampCreate } from './body.ts';
import { withFields } from './fields.ts';
import { managerOf, track } from './managed-fields.ts';
import type { RegistryEnv } from './env.ts';
import { answer, fail, isStep, type Step, txn } from './step.ts';
import { putOp, withLease } from './lease.ts';
import { isStatus } from './target.ts';
import { validateMeta } from './validate.ts';

/** Kubernetes retries a generated name that is taken this many times (RetryGenerateName, GA in 1.32). */
const GENERATE_NAME_ATTEMPTS = 8;

export const strategyContext = (env: RegistryEnv): StrategyContext =>
  env.allocators ? { now: nowText(env.nowMs), pick: env.pick, allocate: env.allocators } : { now: nowText(env.nowMs), pick: env.pick };

/** What a create writes: the object and the admission chain's effects. */
export interface Prepared {
  readonly object: KubeObject;
  readonly effects: readonly AdmissionEffect[];
}

/** The object a create would store, or the failure. */
export function prepareCreate(body: KubeObject, r: ResourceInfo, target: Target, env: RegistryEnv, dryRun: boolean, manager: string | null, strategy: Strategy = env.strategyFor(r)): Prepared | Step {
  const obj = checkBody(body, r, target);
  if (isStatus(obj)) return fail(obj);
  if (obj.metadata.resourceVersion) return fail(internalError('resourceVersion should not be set on objects to be created'));
  const ctx = strategyContext(env);
  strategy.defaults(obj);
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata = withFields(obj.metadata, { name: generateName(obj.metadata.generateName, env.pick) });
  stampCreate(obj, newUid(env.pick), ctx.now);
  if (manager !== null) track(r, target, undefined, obj, manager, env);
  const admission = admissionOf(env, { operation: 'CREATE', r, target, kind: r.kind, name: obj.metadata.name ?? '', dryRun }, obj);
  const refused = mutateWith(admission);
  if (refused) return refused;
  strategy.prepareForCreate(obj, ctx);
  const metaErrs = validateMeta(obj, r, strategy);
  const ownErrs = strategy.validate(obj, ctx);
  if (metaErrs.length > 0 || ownErrs.length > 0) return fail(invalid({ group: r.group, kind: r.kind }, obj.metadata.name ?? '', [...metaErrs, ...ownErrs]));
  const effects = validateWith(admission);
  return isStep(effects) ? effects : { object: obj, effects };
}

/** `tracked`: managedFields already worked out (a create by server-side apply). */
export function create(r: ResourceInfo, target: Target, body: KubeObject, options: CreateOptions, env: RegistryEnv, attempt = 1, tracked = false): Step {
  const strategy = env.strategyFor(r);
  const decoded = withSchemaUnknownFields(decodeBody(r, body, options.fieldValidation, true), strategy, r, options.fieldValidation);
  if (!decoded.ok) return fail(decoded.status);
  const dryRun = options.dryRun?.includes('All') ?? false;
  const prepared = prepareCreate(decoded.object, r, target, env, dryRun, tracked ? null : managerOf(options.fieldManager, env), strategy);
  if (isStep(prepared)) return prepared;
  const obj = prepared.object;
  const drawn = strategy.warnings?.(obj) ?? [];
  const warnings = decoded.warnings.length === 0 ? drawn : [...decoded.warnings, ...drawn];
  if (dryRun) return answer(201, obj, warnings);
  return writeNew(r, prepared, env, (revision) => answer(201, withResourceVersion(obj, revision), warnings), (taken) => {
    const generated = body.metadata?.generateName && !body.metadata.name;
    const again = !taken || (generated && attempt < GENERATE_NAME_ATTEMPTS);
    if (again && attempt < RACE_ATTEMPTS) return create(r, target, body, options, env, attempt + 1, tracked);
    if (!taken) return fail(conflict({ group: '', resource: 'resourcequotas' }, prepared.effects[0]?.name ?? '', OPTIMISTIC_LOCK_MESSAGE));
    return fail(alreadyExists({ group: r.group, resource: r.resource }, obj.metadata.name ?? ''));
  });
}

/** A create that lost its quota's race this many times gives up with a Conflict. */
const RACE_ATTEMPTS = 10;

/**
 * Writes the object under its key if the key is free, with the admission chain's effects, if the
 * quotas they change have not moved. `lost(taken)`: whether the key was taken (else a quota moved).
 */
export function writeNew(r: ResourceInfo, prepared: Prepared, env: RegistryEnv, done: (revision: number) => Step, lost: (taken: boolean) => Step): Step {
  const obj = prepared.object;
  const key = storageKey(r, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
  const effects = effectOps(env, prepared.effects);
  // Encoded once the lease is known: a grant sent before the txn would make the replica forget
  // the encoded object its watch cache takes back (own-writes.ts).
  return withLease(env, r, false, (lease) =>
    txn(
      {
        type: 'txn',
        compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: 0 }, ...effects.compare],
        success: [putOp(key, encodeOwned(obj), lease), ...effects.success],
        failure: [{ type: 'range', key, keysOnly: true }],
      },
      (t) => {
        if (t.succeeded) return done(t.header.revision);
        const found = t.responses[0];
        return lost(found?.type === 'range' && found.kvs.length > 0);
      },
    ),
  );
}

