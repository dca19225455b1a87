// kube-scheduler: one replica per control plane, one of them leading (Lease
// kube-system/kube-scheduler, 15 s / 10 s / 2 s). Its informers fill the scheduler cache (nodes,
// bound pods) and the scheduling queue (pending pods of its profiles); while it leads it takes
// one pod per ScheduleNext message through a scheduling cycle (shell/cycle.ts) and its binding
// cycle (shell/binding.ts). A leader that loses the Lease exits, as the real one does; its
// supervisor restarts it as a candidate with an empty cache and queue.

import { defineActor } from '../../runtime/index.ts';
import { clientKit, DEFAULT_EPOCH_MS, type InformerSpec, leaderIdentity, leaseRef } from '../client/index.ts';
import { emptyCache } from './cache.ts';
import { backoffExpiry, emptyQueue, FLUSH_UNSCHEDULABLE_PERIOD_MS, flushBackoffCompleted, flushUnschedulableLeftover, MAX_IN_UNSCHEDULABLE_MS } from './framework/queue.ts';
import { inTreeRegistry } from './registry.ts';
import { onBindingDone, recheckWaiting } from './shell/binding.ts';
import { clusterView } from './shell/cluster-objects.ts';
import { ready, scheduleNext } from './shell/cycle.ts';
import { deliver } from './shell/informers.ts';
import { setUp } from './shell/setup.ts';
import type { Ctx, Runtime, SchedulerMsg, SchedulerState } from './shell/state.ts';

export interface SchedulerOptions {
  readonly host: string;
  /** Apiserver replicas, nearest first. */
  readonly apiservers: readonly string[];
  readonly token: string;
  /** A KubeSchedulerConfiguration document (YAML or JSON); the defaults when absent. */
  readonly config?: string;
  /** --leader-elect; true by default. */
  readonly leaderElect?: boolean;
  readonly epochMs?: number;
  /** Bugs planted for the fault runs that must catch them; none in a real cluster. */
  readonly plant?: SchedulerPlant;
}

export interface SchedulerPlant {
  /** The pod chosen for a node is not assumed there: the next pods see the node as if it were not coming, and can overcommit it. */
  readonly forgetAssumed?: true;
}

export const SCHEDULER_KIND = 'kube-scheduler';
export const SCHEDULER_LEASE = { namespace: 'kube-system', name: 'kube-scheduler' } as const;

const INFORMERS: readonly InformerSpec[] = [
  // Finished pods hold nothing on a node: the real scheduler does not even watch them.
  { name: 'pods', resource: 'pods', fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' },
  { name: 'nodes', resource: 'nodes' },
  { name: 'namespaces', resource: 'namespaces' },
  { name: 'services', resource: 'services' },
  { name: 'replicasets', resource: 'replicasets' },
  { name: 'statefulsets', resource: 'statefulsets' },
  { name: 'pvcs', resource: 'persistentvolumeclaims' },
  { name: 'pvs', resource: 'persistentvolumes' },
  { name: 'storageclasses', resource: 'storageclasses' },
  { name: 'csinodes', resource: 'csinodes' },
  { name: 'pdbs', resource: 'poddisruptionbudgets' },
];

/** When the queue next needs a flush: a backoff ending, or the unschedulable pods' periodic look. */
function nextFlushAt(s: SchedulerState, rt: Runtime): number | undefined {
  let at = Infinity;
  for (const qp of s.queue.backoff) at = Math.min(at, backoffExpiry(qp, rt.queueConfig));
  for (const qp of s.queue.unschedulable) {
    if (qp.gatedBy !== undefined) continue;
    // Looked at every 30 s; moved once in the unschedulable pods for longer than five minutes.
    const due = qp.timestamp + MAX_IN_UNSCHEDULABLE_MS + 1;
    at = Math.min(at, Math.ceil(due / FLUSH_UNSCHEDULABLE_PERIOD_MS) * FLUSH_UNSCHEDULABLE_PERIOD_MS);
  }
  return at === Infinity ? undefined : at;
}

export function kubeScheduler(o: SchedulerOptions) {
  const epochMs = o.epochMs ?? DEFAULT_EPOCH_MS;
  const elect = o.leaderElect ?? true;
  const kitFor = (identity: string) =>
    clientKit({
      // KubeSchedulerConfiguration's clientConnection defaults.
      client: { hosts: o.apiservers, token: o.token, qps: 50, burst: 100 },
      informers: INFORMERS,
      ...(elect ? { leaderElection: { ...SCHEDULER_LEASE, identity, epochMs } } : {}),
      source: { component: 'default-scheduler' },
      epochMs,
    });
  // Profiles are code over a view of the current listers; both are per incarnation.
  let current: SchedulerState | null = null;
  let kit = kitFor('');
  const view = clusterView(() => kit.listers(current!.kit));
  const registry = inTreeRegistry(view);
  const setup = setUp(o.config, registry);
  const rt = (): Runtime => ({ kit, profiles: setup.profiles, queueConfig: setup.queueConfig, view, elect, epochMs, forgetAssumed: o.plant?.forgetAssumed === true });

  const after = (s: SchedulerState, ctx: Ctx) => {
    const r = rt();
    recheckWaiting(s, r, ctx);
    if (!s.nextPending && s.queue.active.length > 0 && ready(s, r, ctx.now())) {
      s.nextPending = true;
      ctx.send(ctx.self, { type: 'ScheduleNext' });
    }
    const at = nextFlushAt(s, r);
    if (at !== undefined && at !== s.flushAt) {
      s.flushAt = at;
      ctx.timers.once('queue-flush', Math.max(0, at - ctx.now()), { type: 'QueueFlush' });
    }
  };

  return defineActor<SchedulerMsg, SchedulerState>({
    kind: SCHEDULER_KIND,
    init: (ctx) => {
      const identity = leaderIdentity(o.host, () => ctx.random());
      kit = kitFor(identity);
      ctx.send(ctx.self, { type: 'SchedulerStart' });
      current = {
        kit: kit.init(ctx.now()),
        identity,
        cache: emptyCache(),
        queue: emptyQueue(),
        startIndex: 0,
        binding: {},
        nextPending: false,
        flushAt: null,
        attempts: {},
        counts: { attempts: 0, scheduled: 0, unschedulable: 0, errors: 0, bindFailures: 0 },
      };
      return current;
    },
    receive: (s, m, ctx) => {
      current = s;
      const r = rt();
      const onEvents = (events: readonly string[]) => {
        for (const e of events) {
          if (e === 'stoppedLeading') throw new Error(`leaderelection lost: ${s.identity}`);
          kit.event(s.kit, ctx, leaseRef(SCHEDULER_LEASE), 'Normal', 'LeaderElection', `${s.identity} became leader`);
        }
      };
      if (m.type === 'SchedulerStart') onEvents(kit.start(s.kit, ctx, deliver(s, r, () => ctx.now())));
      else if (m.type === 'ScheduleNext') {
        s.nextPending = false;
        if (ready(s, r, ctx.now())) scheduleNext(s, r, ctx);
      } else if (m.type === 'QueueFlush') {
        s.flushAt = null;
        s.queue = flushUnschedulableLeftover(flushBackoffCompleted(s.queue, ctx.now(), r.queueConfig), ctx.now(), r.queueConfig);
      } else {
        const out = kit.receive(s.kit, ctx, m, deliver(s, r, () => ctx.now()));
        for (const d of out.done) onBindingDone(s, r, ctx, d);
        onEvents(out.leader);
      }
      after(s, ctx);
      return s;
    },
    digest: (s) => ({
      kit: kit.digest(s.kit),
      queue: [s.queue.active.length, s.queue.backoff.length, s.queue.unschedulable.length, s.queue.schedulingCycle],
      binding: Object.keys(s.binding).length,
      assumed: Object.keys(s.cache.assumed).length,
      nodes: Object.keys(s.cache.nodes).length,
      startIndex: s.startIndex,
      ...s.counts,
    }),
    describe: (s) => ({
      identity: s.identity,
      leading: s.kit.elector?.leading ?? null,
      synced: kit.hasSynced(s.kit),
      queue: { active: s.queue.active.length, backoff: s.queue.backoff.length, unschedulable: s.queue.unschedulable.length },
      binding: Object.keys(s.binding),
      nodes: Object.keys(s.cache.nodes).length,
      assumed: Object.keys(s.cache.assumed),
      ...s.counts,
    }),
  });
}
