// From the metrics' recommendation to the replica count written, as Kubernetes normalizes it.
// With spec.behavior: the recommendation is held between the lowest of the scale-up window and
// the highest of the scale-down window (300 s unless set), then limited by the policies' rate
// (each policy's allowance counted from the replicas at the start of its period; Max picks the
// most permissive, Min the least, Disabled none) and by min/maxReplicas. Without it, the older
// rules: a 5 min downscale window, and a scale-up to at most max(2 × current, 4).

import type { HPAMemory } from './memory.ts';

export const DEFAULT_DOWNSCALE_STABILIZATION_MS = 300_000;

export interface Policy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface Rules {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
  readonly policies?: readonly Policy[];
}

export interface Behavior {
  readonly scaleUp?: Rules;
  readonly scaleDown?: Rules;
}

export interface Condition {
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

export interface Normalized {
  readonly replicas: number;
  readonly ableToScale: Condition;
  readonly scalingLimited: Condition;
}

// The apiserver's defaults for a behavior given only in part (SetDefaults_HorizontalPodAutoscalerBehavior).
const SCALE_UP_DEFAULT: Required<Rules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
const SCALE_DOWN_DEFAULT: Required<Rules> = { stabilizationWindowSeconds: DEFAULT_DOWNSCALE_STABILIZATION_MS / 1000, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

const complete = (r: Rules | undefined, d: Required<Rules>): Required<Rules> => ({
  stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? d.stabilizationWindowSeconds,
  selectPolicy: r?.selectPolicy ?? d.selectPolicy,
  policies: r?.policies && r.policies.length > 0 ? r.policies : d.policies,
});

export const scaleUpRules = (b: Behavior): Required<Rules> => complete(b.scaleUp, SCALE_UP_DEFAULT);
export const scaleDownRules = (b: Behavior): Required<Rules> => complete(b.scaleDown, SCALE_DOWN_DEFAULT);

export const longestPeriodS = (r: Required<Rules>): number => Math.max(...r.policies.map((p) => p.periodSeconds));

const READY: Condition = { status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
const WITHIN: Condition = { status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
const SCALE_UP_LIMIT = { reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' };
const SCALE_DOWN_LIMIT = { reason: 'ScaleDownLimit', message: 'the desired replica count is decreasing faster than the maximum scale rate' };
const TOO_MANY = { reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' };
const TOO_FEW = { reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
const DOWN_STABILIZED = { reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' };
const UP_STABILIZED = { reason: 'ScaleUpStabilized', message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' };

/** The first sync of an HPA counts the current size as a recommendation (so a scale-down waits a whole window). */
export function recordInitialRecommendation(m: HPAMemory, key: string, current: number, now: number): void {
  m.recommendations[key] ??= [{ replicas: current, at: now }];
}

/** Keeps `replicas` as the newest recommendation, over the slot of one older than `cutoff` if there is one. */
function remember(m: HPAMemory, key: string, replicas: number, now: number, old: number): void {
  const list = (m.recommendations[key] ??= []);
  if (old >= 0) list[old] = { replicas, at: now };
  else list.push({ replicas, at: now });
}

const limited = (replicas: number, stabilized: number, why: { reason: string; message: string }): Condition =>
  replicas === stabilized ? { status: 'False', ...why } : { status: 'True', ...why };

/** Without spec.behavior. */
export function normalizeLegacy(m: HPAMemory, key: string, now: number, current: number, desired: number, min: number, max: number, windowMs = DEFAULT_DOWNSCALE_STABILIZATION_MS): Normalized {
  let stabilized = desired;
  let old = -1;
  (m.recommendations[key] ?? []).forEach((r, i) => {
    if (r.at < now - windowMs) old = i;
    else if (r.replicas > stabilized) stabilized = r.replicas;
  });
  remember(m, key, desired, now, old);
  const ableToScale = stabilized !== desired ? { status: 'True' as const, ...DOWN_STABILIZED } : READY;
  const upLimit = Math.max(2 * current, 4);
  const [maxAllowed, maxWhy] = max > upLimit ? [upLimit, SCALE_UP_LIMIT] : [max, TOO_MANY];
  let replicas = stabilized;
  let why = { reason: WITHIN.reason, message: WITHIN.message };
  if (stabilized < min) [replicas, why] = [min, TOO_FEW];
  else if (stabilized > maxAllowed) [replicas, why] = [maxAllowed, maxWhy];
  return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, why) };
}

/** The replicas changed within the last `periodSeconds` by the recorded events. */
function changedWithin(events: readonly { change: number; at: number }[] | undefined, periodSeconds: number, now: number): number {
  const cutoff = now - periodSeconds * 1000;
  return (events ?? []).filter((e) => e.at > cutoff).reduce((n, e) => n + e.change, 0);
}

/** The most replicas (scale-up) or fewest (scale-down) the policies allow now. */
export function rateLimit(m: HPAMemory, key: string, now: number, current: number, rules: Required<Rules>, up: boolean): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMax = (rules.selectPolicy === 'Min') !== up;
  let result = pickMax ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changedWithin(m.scaleUpEvents[key], p.periodSeconds, now) + changedWithin(m.scaleDownEvents[key], p.periodSeconds, now);
    const proposed = up
      ? p.type === 'Pods'
        ? start + p.value
        : Math.ceil(start * (1 + p.value / 100))
      : p.type === 'Pods'
        ? start - p.value
        : Math.trunc(start * (1 - p.value / 100));
    result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** With spec.behavior. */
export function normalizeWithBehavior(m: HPAMemory, key: string, now: number, current: number, desired: number, min: number, max: number, behavior: Behavior): Normalized {
  const upRules = scaleUpRules(behavior);
  const downRules = scaleDownRules(behavior);
  const upCutoff = now - upRules.stabilizationWindowSeconds * 1000;
  const downCutoff = now - downRules.stabilizationWindowSeconds * 1000;
  let upRec = desired;
  let downRec = desired;
  let old = -1;
  (m.recommendations[key] ?? []).forEach((r, i) => {
    if (r.at > upCutoff) upRec = Math.min(upRec, r.replicas);
    if (r.at > downCutoff) downRec = Math.max(downRec, r.replicas);
    if (r.at < upCutoff && r.at < downCutoff) old = i;
  });
  const stabilized = Math.min(Math.max(current, upRec), downRec);
  remember(m, key, desired, now, old);
  const ableToScale = stabilized !== desired ? { status: 'True' as const, ...(desired >= current ? UP_STABILIZED : DOWN_STABILIZED) } : READY;
  let replicas = stabilized;
  let why = { reason: WITHIN.reason, message: WITHIN.message };
  if (stabilized > current) {
    const upLimit = Math.max(rateLimit(m, key, now, current, upRules, true), current);
    const [maxAllowed, maxWhy] = max > upLimit ? [upLimit, SCALE_UP_LIMIT] : [max, TOO_MANY];
    if (stabilized > maxAllowed) [replicas, why] = [maxAllowed, maxWhy];
  } else if (stabilized < current) {
    const downLimit = Math.min(rateLimit(m, key, now, current, downRules, false), current);
    const [minAllowed, minWhy] = min < downLimit ? [downLimit, SCALE_DOWN_LIMIT] : [min, TOO_FEW];
    if (stabilized < minAllowed) [replicas, why] = [minAllowed, minWhy];
  }
  return { replicas, ableToScale, scalingLimited: limited(replicas, stabilized, why) };
}
