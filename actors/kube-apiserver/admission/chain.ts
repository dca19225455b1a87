// The admission chain: every plugin's mutating step in Kubernetes' plugin order, then every
// plugin's validating step in the same order; the first rejection ends the request. The apiserver
// runs the two phases apart, as Kubernetes does: mutate, then the kind's own validation (strategy),
// then validate — so a validating plugin sees the object the strategy accepted.

import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { FailureStatus } from '../../../protocols/kube/status.ts';
import { defaultStorageClassPlugin } from './default-storage-class.ts';
import { defaultTolerationSeconds } from './default-toleration-seconds.ts';
import { limitRanger } from './limit-ranger.ts';
import { namespaceLifecycle } from './namespace-lifecycle.ts';
import { nodeRestriction } from './node-restriction.ts';
import { priority } from './priority.ts';
import { resourceQuota } from './resource-quota.ts';
import { serviceAccount } from './service-account.ts';
import { type AdmissionAttributes, type AdmissionContext, type AdmissionEffect, type AdmissionPlugin, isFailure } from './types.ts';

/** The enabled plugins, in the order of kube-apiserver's AllOrderedPlugins. */
export const DEFAULT_PLUGINS: readonly AdmissionPlugin[] = [
  namespaceLifecycle,
  limitRanger,
  serviceAccount,
  nodeRestriction,
  priority,
  defaultTolerationSeconds,
  defaultStorageClassPlugin,
  resourceQuota,
];

export type Phase = 'mutating' | 'validating';

export type AdmissionOutcome =
  | { readonly allowed: true; readonly object: KubeObject | undefined; readonly effects: readonly AdmissionEffect[] }
  | { readonly allowed: false; readonly status: FailureStatus; readonly plugin: string; readonly phase: Phase };

type PhaseStep = NonNullable<AdmissionPlugin['admit']>;

/** A phase's steps, in plugin order: only the plugins that have one. */
interface Steps {
  readonly plugins: readonly AdmissionPlugin[];
  readonly steps: readonly PhaseStep[];
}

function stepsOf(phase: Phase, plugins: readonly AdmissionPlugin[]): Steps {
  const withStep = plugins.filter((p) => (phase === 'mutating' ? p.admit : p.validate) !== undefined);
  return { plugins: withStep, steps: withStep.map((p) => (phase === 'mutating' ? p.admit : p.validate)!) };
}

// Every write runs both phases of the default chain: their steps are picked out once, not read
// off eight plugins of eight shapes on every request. Other chains (tests) pick theirs each time.
const DEFAULT_STEPS: Readonly<Record<Phase, Steps>> = { mutating: stepsOf('mutating', DEFAULT_PLUGINS), validating: stepsOf('validating', DEFAULT_PLUGINS) };

function runPhase(phase: Phase, attrs: AdmissionAttributes, ctx: AdmissionContext, all: readonly AdmissionPlugin[]): AdmissionOutcome {
  const { plugins, steps } = all === DEFAULT_PLUGINS ? DEFAULT_STEPS[phase] : stepsOf(phase, all);
  let effects: AdmissionEffect[] | undefined;
  for (let i = 0; i < steps.length; i++) {
    const plugin = plugins[i]!;
    const verdict = steps[i]!.call(plugin, attrs, ctx);
    if (verdict === undefined) continue;
    if (isFailure(verdict)) return { allowed: false, status: verdict, plugin: plugin.name, phase };
    for (const e of verdict.effects) (effects ??= []).push(e);
  }
  return { allowed: true, object: attrs.object, effects: effects ?? [] };
}

/**
 * The mutating phase. `attrs.object` is changed in place: pass a copy you own (withObjectCopy).
 * The outcome's object is the mutated one.
 */
export const admitPhase = (attrs: AdmissionAttributes, ctx: AdmissionContext, plugins: readonly AdmissionPlugin[] = DEFAULT_PLUGINS): AdmissionOutcome =>
  runPhase('mutating', attrs, ctx, plugins);

/** The validating phase; its effects (quota status updates) are the writes to make if the request succeeds. */
export const validatePhase = (attrs: AdmissionAttributes, ctx: AdmissionContext, plugins: readonly AdmissionPlugin[] = DEFAULT_PLUGINS): AdmissionOutcome =>
  runPhase('validating', attrs, ctx, plugins);

/** The attributes with a deep copy of the object, so the chain never changes the caller's. */
export const withObjectCopy = (attrs: AdmissionAttributes): AdmissionAttributes =>
  attrs.object === undefined ? { ...attrs } : { ...attrs, object: structuredClone(attrs.object) };

/** Both phases back to back, on a copy of the object: for callers with no validation in between. */
export function runAdmission(attrs: AdmissionAttributes, ctx: AdmissionContext, plugins: readonly AdmissionPlugin[] = DEFAULT_PLUGINS): AdmissionOutcome {
  const own = withObjectCopy(attrs);
  const mutated = admitPhase(own, ctx, plugins);
  if (!mutated.allowed) return mutated;
  const validated = validatePhase(own, ctx, plugins);
  if (!validated.allowed) return validated;
  return { allowed: true, object: own.object, effects: [...mutated.effects, ...validated.effects] };
}
