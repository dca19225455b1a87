// The scheduler actor's state and the per-incarnation parts that are code, not data (profiles,
// the plugin registry's cluster view, the client kit).

import type { ActorContext } from '../../../runtime/index.ts';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Kit, KitMsg, KitState } from '../../client/index.ts';
import type { SchedulerCache } from '../cache.ts';
import type { BuiltProfile } from '../framework/profile.ts';
import type { QueueConfig, QueuedPod, QueueState } from '../framework/queue.ts';
import type { CycleState } from '../framework/types.ts';
import type { ClusterView } from '../registry.ts';

export type SchedulerMsg =
  | KitMsg
  | { readonly type: 'SchedulerStart' }
  /** Take the next pod off activeQ (one attempt per message, so informer events interleave). */
  | { readonly type: 'ScheduleNext' }
  /** Move pods whose backoff ended, and unschedulable leftovers, on. */
  | { readonly type: 'QueueFlush' };

export type Ctx = ActorContext<SchedulerMsg>;

/** A pod between its scheduling cycle and the end of its binding cycle. */
export interface Binding {
  /** The queue's entry, to requeue the pod if binding fails. */
  readonly queued: QueuedPod;
  readonly node: string;
  readonly state: CycleState;
  readonly profile: string;
  /** PreBind's calls are sent first; then PreBind plugins' waitFor must all answer Success; then Bind's calls. */
  phase: 'preBind' | 'waiting' | 'bind';
  readonly bindCalls: readonly ApiCall[];
  /** bindTimeoutSeconds after the cycle began: waiting longer fails the binding. */
  readonly deadline: number;
  /** Calls of the current phase still unanswered. */
  remaining: number;
  /** The first failure's message. */
  failed?: string;
}

/** What the last attempt for a pod concluded, for describe() and explanations. */
export interface AttemptSummary {
  readonly at: number;
  readonly result: 'scheduled' | 'unschedulable' | 'error' | 'bindFailed';
  readonly node?: string;
  readonly message?: string;
}

export interface SchedulerState {
  kit: KitState;
  identity: string;
  cache: SchedulerCache;
  queue: QueueState;
  startIndex: number;
  binding: Record<string, Binding>;
  /** A ScheduleNext is on its way. */
  nextPending: boolean;
  /** When the queue's flush timer fires, if armed. */
  flushAt: number | null;
  attempts: Record<string, AttemptSummary>;
  counts: { attempts: number; scheduled: number; unschedulable: number; errors: number; bindFailures: number };
}

export interface Runtime {
  readonly kit: Kit;
  readonly profiles: ReadonlyMap<string, BuiltProfile>;
  readonly queueConfig: QueueConfig;
  readonly view: ClusterView;
  /** Lead only with leader election; always when absent. */
  readonly elect: boolean;
  readonly epochMs: number;
  /** Planted bug (SchedulerPlant.forgetAssumed): a chosen pod is not assumed on its node. */
  readonly forgetAssumed: boolean;
}
