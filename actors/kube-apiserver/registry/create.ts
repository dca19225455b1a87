// POST: a new object. Defaults, generated name, system fields, the kind's PrepareForCreate and
// validation, then a transaction that writes the key only if it does not exist.

import type { CreateOptions, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { alreadyExists, internalError, invalid } from '../../../protocols/kube/status.ts';
import { storageKey } from '../../../protocols/kube/storage-keys.ts';
import { generateName } from '../../../protocols/kube/validation/index.ts';
import { decodeBody } from '../schema/unknown-fields.ts';
import { rfc3339 } from '../storage/clock.ts';
import { encodeObject, withResourceVersion } from '../storage/codec.ts';
import { newUid } from '../storage/uid.ts';
import type { StrategyContext } from '../strategies/types.ts';
import { checkBody, stampCreate } from './body.ts';
import type { RegistryEnv } from './env.ts';
import { answer, fail, isStep, type Step, txn } from './step.ts';
import { isStatus } from './target.ts';
import { validateMeta } from './validate.ts';

/** Kubernetes retries a generated name that is taken this many times (RetryGenerateName, GA in 1.32). */
const GENERATE_NAME_ATTEMPTS = 8;

export const strategyContext = (env: RegistryEnv): StrategyContext => ({
  now: rfc3339(env.nowMs),
  pick: env.pick,
  ...(env.allocators ? { allocate: env.allocators } : {}),
});

/** The object a create would store, or the failure; shared with create-on-update and apply. */
export function prepareCreate(body: KubeObject, r: ResourceInfo, target: Target, env: RegistryEnv): KubeObject | Step {
  const obj = checkBody(body, r, target);
  if (isStatus(obj)) return fail(obj);
  if (obj.metadata.resourceVersion) return fail(internalError('resourceVersion should not be set on objects to be created'));
  const strategy = env.strategyFor(r);
  const ctx = strategyContext(env);
  strategy.defaults(obj);
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata = { ...obj.metadata, name: generateName(obj.metadata.generateName, env.pick) };
  stampCreate(obj, newUid(env.pick), ctx.now);
  strategy.prepareForCreate(obj, ctx);
  const errs = [...validateMeta(obj, r, strategy), ...strategy.validate(obj, ctx)];
  if (errs.length > 0) return fail(invalid({ group: r.group, kind: r.kind }, obj.metadata.name ?? '', errs));
  return obj;
}

export function create(r: ResourceInfo, target: Target, body: KubeObject, options: CreateOptions, env: RegistryEnv, attempt = 1): Step {
  const decoded = decodeBody(r, body, options.fieldValidation);
  if (!decoded.ok) return fail(decoded.status);
  const prepared = prepareCreate(decoded.object, r, target, env);
  if (isStep(prepared)) return prepared;
  const obj = prepared;
  const warnings = [...decoded.warnings, ...(env.strategyFor(r).warnings?.(obj) ?? [])];
  if (options.dryRun?.includes('All')) return answer(201, obj, warnings);
  return writeNew(r, obj, (revision) => answer(201, withResourceVersion(obj, revision), warnings), () => {
    const generated = body.metadata?.generateName && !body.metadata.name;
    if (generated && attempt < GENERATE_NAME_ATTEMPTS) return create(r, target, body, options, env, attempt + 1);
    return fail(alreadyExists({ group: r.group, resource: r.resource }, obj.metadata.name ?? ''));
  });
}

/** Writes `obj` under its key if the key is free. */
export function writeNew(r: ResourceInfo, obj: KubeObject, done: (revision: number) => Step, taken: () => Step): Step {
  const key = storageKey(r, obj.metadata.namespace ?? '', obj.metadata.name ?? '');
  return txn(
    { type: 'txn', compare: [{ target: 'CREATE', result: 'EQUAL', key, createRevision: 0 }], success: [{ type: 'put', key, value: encodeObject(obj) }] },
    (t) => (t.succeeded ? done(t.header.revision) : taken()),
  );
}

