// The node conditions the kubelet's setters maintain: MemoryPressure, DiskPressure, PIDPressure
// and Ready, in that order (Ready last, as the kubelet keeps it for old masters). Every call
// stamps lastHeartbeatTime; lastTransitionTime moves only when the status flips. Each flip is
// also an event the kubelet records on the Node (NodeHasSufficientMemory, NodeReady, ...).

import type { NodeCondition } from 'kubernetes-types/core/v1.d.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';

export interface NodeHealth {
  readonly memoryPressure: boolean;
  readonly diskPressure: boolean;
  readonly pidPressure: boolean;
  /**
   * Why the node is not ready, each as the kubelet words it: the runtime's ("container runtime
   * is down"), the network's ("container runtime network not ready: NetworkReady=false
   * reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not
   * initialized"), storage's. Empty when ready.
   */
  readonly notReadyErrors: readonly string[];
}

export const HEALTHY: NodeHealth = { memoryPressure: false, diskPressure: false, pidPressure: false, notReadyErrors: [] };

export interface NodeStatusEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  /** Absent where the kubelet records the event with its reason alone. */
  readonly message?: string;
}

interface PressureWords {
  readonly type: string;
  readonly trueReason: string;
  readonly trueMessage: string;
  readonly falseReason: string;
  readonly falseMessage: string;
}

const MEMORY: PressureWords = {
  type: 'MemoryPressure',
  trueReason: 'KubeletHasInsufficientMemory',
  trueMessage: 'kubelet has insufficient memory available',
  falseReason: 'KubeletHasSufficientMemory',
  falseMessage: 'kubelet has sufficient memory available',
};
const DISK: PressureWords = {
  type: 'DiskPressure',
  trueReason: 'KubeletHasDiskPressure',
  trueMessage: 'kubelet has disk pressure',
  falseReason: 'KubeletHasNoDiskPressure',
  falseMessage: 'kubelet has no disk pressure',
};
const PID: PressureWords = {
  type: 'PIDPressure',
  trueReason: 'KubeletHasInsufficientPID',
  trueMessage: 'kubelet has insufficient PID available',
  falseReason: 'KubeletHasSufficientPID',
  falseMessage: 'kubelet has sufficient PID available',
};

/** The event reason of a pressure flip: the condition reason without "Kubelet", prefixed "Node". */
const eventReason = (conditionReason: string): string => `Node${conditionReason.slice('Kubelet'.length)}`;

/** errors.NewAggregate(...).Error(): one message alone, several in brackets; repeats dropped. */
export function aggregateMessage(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

function pressure(existing: NodeCondition | undefined, words: PressureWords, under: boolean, now: string, events: NodeStatusEvent[]): NodeCondition {
  const c: NodeCondition = existing ? { ...existing } : { type: words.type, status: 'Unknown' };
  c.lastHeartbeatTime = now;
  const want = under ? 'True' : 'False';
  if (c.status !== want) {
    c.status = want;
    c.reason = under ? words.trueReason : words.falseReason;
    c.message = under ? words.trueMessage : words.falseMessage;
    c.lastTransitionTime = now;
    events.push({ type: 'Normal', reason: eventReason(c.reason) });
  }
  return c;
}

function ready(existing: NodeCondition | undefined, errors: readonly string[], now: string, events: NodeStatusEvent[]): NodeCondition {
  const ok = errors.length === 0;
  const c: NodeCondition = {
    type: 'Ready',
    status: ok ? 'True' : 'False',
    lastHeartbeatTime: now,
    reason: ok ? 'KubeletReady' : 'KubeletNotReady',
    message: ok ? 'kubelet is posting ready status' : aggregateMessage(errors),
  };
  if (existing && existing.status === c.status) {
    c.lastTransitionTime = existing.lastTransitionTime;
  } else {
    c.lastTransitionTime = now;
    if (existing) events.push({ type: 'Normal', reason: ok ? 'NodeReady' : 'NodeNotReady' });
  }
  return c;
}

/** The Ready setter's own check: a node lacking a core capacity is not ready. */
export function missingCapacityError(capacity: Readonly<Record<string, string>>): string | undefined {
  const missing = ['cpu', 'memory', 'pods', 'ephemeral-storage'].filter((r) => capacity[r] === undefined);
  return missing.length ? `missing node capacity for resources: ${missing.join(', ')}` : undefined;
}

/**
 * The conditions after one run of the setters over `existing` at virtual time `nowMs` (ms since
 * the epoch). Conditions of other types (set by others, such as node-problem-detector) are kept
 * in place; new kubelet conditions are appended in the kubelet's order.
 */
export function updateConditions(
  existing: readonly NodeCondition[],
  health: NodeHealth,
  nowMs: number,
): { conditions: NodeCondition[]; events: NodeStatusEvent[] } {
  const now = rfc3339(nowMs);
  const events: NodeStatusEvent[] = [];
  const out = existing.map((c) => ({ ...c }));
  const put = (type: string, make: (old: NodeCondition | undefined) => NodeCondition): void => {
    const i = out.findIndex((c) => c.type === type);
    if (i >= 0) out[i] = make(out[i]);
    else out.push(make(undefined));
  };
  put(MEMORY.type, (old) => pressure(old, MEMORY, health.memoryPressure, now, events));
  put(DISK.type, (old) => pressure(old, DISK, health.diskPressure, now, events));
  put(PID.type, (old) => pressure(old, PID, health.pidPressure, now, events));
  put('Ready', (old) => ready(old, health.notReadyErrors, now, events));
  return { conditions: out, events };
}
