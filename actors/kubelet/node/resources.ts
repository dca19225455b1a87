// A node's capacity and allocatable, as the kubelet's MachineInfo setter and container manager
// compute them: capacity from the machine, allocatable = capacity - kube-reserved -
// system-reserved - the hard eviction thresholds of memory.available and nodefs.available,
// never below zero; hugepages also come out of allocatable memory.

import {
  type Quantity,
  ZERO_QUANTITY,
  addQuantities,
  formatQuantity,
  parseQuantity,
  quantityFromNanos,
  quantitySign,
  quantityValue,
  subQuantities,
  wholeQuantity,
} from '../../../protocols/kube/quantity.ts';
import type { ResolvedHostConfig } from './config.ts';

export type ResourceMap = Readonly<Record<string, string>>;

/** Capacity as cAdvisor reports it, plus pods; hugepages are reported even when none are set aside. */
export function capacityQuantities(c: ResolvedHostConfig): Map<string, Quantity> {
  return new Map<string, Quantity>([
    ['cpu', quantityFromNanos(BigInt(Math.round(c.cpuCores * 1000)) * 1_000_000n, 'DecimalSI')],
    ['ephemeral-storage', wholeQuantity(c.ephemeralStorageBytes, 'BinarySI')],
    ['hugepages-1Gi', wholeQuantity(0, 'DecimalSI')],
    ['hugepages-2Mi', wholeQuantity(0, 'DecimalSI')],
    ['memory', wholeQuantity(c.memoryBytes, 'BinarySI')],
    ['pods', wholeQuantity(c.maxPods, 'DecimalSI')],
  ]);
}

/**
 * A threshold "100Mi" is that quantity; "10%" is that share of the capacity. The kubelet parses
 * the percentage into a float32 and multiplies in float64, truncating: the float32 rounding is
 * kept so that allocatable matches a real node's to the byte.
 */
export function thresholdQuantity(threshold: string, capacity: Quantity): Quantity {
  if (threshold.endsWith('%')) {
    const fraction = Math.fround(Math.fround(Number(threshold.slice(0, -1))) / 100);
    return wholeQuantity(Math.trunc(quantityValue(capacity) * fraction), 'BinarySI');
  }
  return parseQuantity(threshold);
}

/** GetNodeAllocatableReservation: what each capacity resource loses before pods may use it. */
export function allocatableReservation(c: ResolvedHostConfig, capacity: Map<string, Quantity>): Map<string, Quantity> {
  const eviction = new Map<string, Quantity>();
  const memory = capacity.get('memory');
  const storage = capacity.get('ephemeral-storage');
  if (memory) eviction.set('memory', thresholdQuantity(c.evictionHard.memoryAvailable, memory));
  if (storage) eviction.set('ephemeral-storage', thresholdQuantity(c.evictionHard.nodefsAvailable, storage));
  const out = new Map<string, Quantity>();
  for (const name of capacity.keys()) {
    let value = ZERO_QUANTITY;
    for (const reserved of [c.systemReserved[name], c.kubeReserved[name]]) {
      if (reserved !== undefined) value = addQuantities(value, parseQuantity(reserved));
    }
    const e = eviction.get(name);
    if (e) value = addQuantities(value, e);
    if (quantitySign(value) !== 0) out.set(name, value);
  }
  return out;
}

export function allocatableQuantities(c: ResolvedHostConfig, capacity: Map<string, Quantity>): Map<string, Quantity> {
  const reservation = allocatableReservation(c, capacity);
  const out = new Map<string, Quantity>();
  for (const [name, cap] of capacity) {
    const r = reservation.get(name);
    const value = r ? subQuantities(cap, r) : cap;
    out.set(name, quantitySign(value) < 0 ? { nanos: 0n, format: cap.format } : value);
  }
  const memory = out.get('memory');
  if (memory) {
    let m = memory;
    for (const [name, cap] of capacity) if (name.startsWith('hugepages-')) m = subQuantities(m, cap);
    out.set('memory', quantitySign(m) < 0 ? { nanos: 0n, format: memory.format } : m);
  }
  return out;
}

const printed = (m: Map<string, Quantity>): ResourceMap =>
  Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, q]) => [k, formatQuantity(q)]));

export function nodeResources(c: ResolvedHostConfig): { capacity: ResourceMap; allocatable: ResourceMap } {
  const capacity = capacityQuantities(c);
  return { capacity: printed(capacity), allocatable: printed(allocatableQuantities(c, capacity)) };
}

