// Eviction signals, thresholds and the observations they are compared with. Memory is modelled
// end to end (memory.available = capacity − working set); the disk and inode signals are data a
// caller may observe, with the kubelet's default hard thresholds.

import { addQuantities, compareQuantities, parseQuantity, wholeQuantity, formatQuantity, quantityValue, type Quantity } from '../../../protocols/kube/quantity.ts';

export type Signal = 'memory.available' | 'nodefs.available' | 'nodefs.inodesFree' | 'imagefs.available' | 'imagefs.inodesFree' | 'pid.available';

export type ThresholdValue = { readonly quantity: Quantity } | { readonly percentage: number };

export interface Threshold {
  readonly signal: Signal;
  /** Only LessThan exists. */
  readonly operator: 'LessThan';
  readonly value: ThresholdValue;
  /** 0 for a hard threshold; a soft one must hold this long before it counts (ms). */
  readonly gracePeriodMs: number;
  readonly minReclaim?: ThresholdValue;
}

/** What one signal measured: what is left, of how much. */
export interface Observation {
  readonly available: Quantity;
  readonly capacity: Quantity;
}

export type Observations = Readonly<Partial<Record<Signal, Observation>>>;

const SIGNALS: readonly Signal[] = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'];

/** Parses an evictionHard entry such as "memory.available<100Mi" or "nodefs.available<10%". */
export function parseThreshold(text: string, gracePeriodMs = 0): Threshold {
  const m = /^([a-zA-Z.]+)<(.+)$/.exec(text.trim());
  if (!m || !SIGNALS.includes(m[1] as Signal)) throw new Error(`unsupported eviction signal ${m?.[1] ?? text}`);
  return { signal: m[1] as Signal, operator: 'LessThan', value: parseThresholdValue(m[2]!), gracePeriodMs };
}

function parseThresholdValue(v: string): ThresholdValue {
  if (v.endsWith('%')) {
    const pct = Number(v.slice(0, -1));
    if (!(pct >= 0 && pct <= 100)) throw new Error(`invalid percentage: ${v}`);
    return { percentage: pct / 100 };
  }
  return { quantity: parseQuantity(v) };
}

/** The kubelet's default evictionHard on Linux nodes, as the node-pressure eviction docs list it. */
export const DEFAULT_EVICTION_HARD: readonly string[] = ['memory.available<100Mi', 'nodefs.available<10%', 'nodefs.inodesFree<5%', 'imagefs.available<15%', 'imagefs.inodesFree<5%'];
export const DEFAULT_THRESHOLDS: readonly Threshold[] = DEFAULT_EVICTION_HARD.map((t) => parseThreshold(t));

/** evictionPressureTransitionPeriod's default: a pressure condition stays this long after it last held. */
export const PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;
/** How often the eviction manager runs (its monitoring interval). */
export const EVICTION_MONITORING_INTERVAL_MS = 10_000;

export const isHardThreshold = (t: Threshold): boolean => t.gracePeriodMs === 0;

/** GetThresholdQuantity: a quantity as is; a percentage of the signal's capacity, in whole units. */
export function thresholdQuantity(v: ThresholdValue, capacity: Quantity): Quantity {
  if ('quantity' in v) return v.quantity;
  return wholeQuantity(Math.trunc(quantityValue(capacity) * v.percentage), 'BinarySI');
}

/** The memory.available observation: what the node has left of its memory capacity, never below 0. */
export function memoryObservation(capacityBytes: number, workingSetBytes: number): Observation {
  const available = Math.max(0, capacityBytes - workingSetBytes);
  return { available: wholeQuantity(available, 'BinarySI'), capacity: wholeQuantity(capacityBytes, 'BinarySI') };
}

/** Whether a threshold holds for its observation; with minReclaim, it holds until that much more is free. */
export function thresholdMet(t: Threshold, observations: Observations, enforceMinReclaim: boolean): boolean {
  const observed = observations[t.signal];
  if (!observed) return false;
  let q = thresholdQuantity(t.value, observed.capacity);
  if (enforceMinReclaim && t.minReclaim) q = addQuantities(q, thresholdQuantity(t.minReclaim, observed.capacity));
  return compareQuantities(q, observed.available) > 0;
}

export const thresholdsMet = (ts: readonly Threshold[], observations: Observations, enforceMinReclaim: boolean): Threshold[] =>
  ts.filter((t) => thresholdMet(t, observations, enforceMinReclaim));

/** The node condition a signal maps to. */
export const signalCondition = (s: Signal): 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' =>
  s === 'memory.available' ? 'MemoryPressure' : s === 'pid.available' ? 'PIDPressure' : 'DiskPressure';

/** The resource named in eviction messages for a signal. */
export const signalResource = (s: Signal): string =>
  s === 'memory.available' ? 'memory' : s === 'pid.available' ? 'pids' : s.endsWith('inodesFree') ? 'inodes' : 'ephemeral-storage';

/** getThresholdMetInfo's two figures as messages print them. */
export function thresholdMetInfo(t: Threshold, observations: Observations): { quantity: string; available: string } | undefined {
  const observed = observations[t.signal];
  if (!observed) return undefined;
  return { quantity: formatQuantity(thresholdQuantity(t.value, observed.capacity)), available: formatQuantity(observed.available) };
}
