// The Job controller (job-controller): informers on Jobs and Pods, a pod's change waking the Job
// that controls it, and syncJob run per Job key. Its memory holds what Kubernetes keeps in memory
// too: expectations (creates and deletes sent but not yet seen in the cache, so a lagging cache
// does not make it create twice; forgotten after 5 minutes, as ExpectationsTimeout), the
// pod-failure backoff records, and the resourceVersion of its last status write (a cache older
// than that waits for the write's notification rather than counting pods against stale status).

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { Job, KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { controllerKeyOf, controllerKeys, keyOf, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { type BackoffRecord, NO_BACKOFF } from './backoff.ts';
import { adopterKeys, claimPods } from './claim.ts';
import { isJobFinished } from './conditions.ts';
import { removeFinalizerCall } from './manage.ts';
import { hasFinalizer, managedElsewhere } from './pods.ts';
import { ORPHAN_PREFIX, orphanKeys, reconcileOrphanPod } from './orphans.ts';
import { syncJob } from './sync.ts';
import { awaitWrite, type Ev, heardWrite, type OnWrite, takeHeard, type WriteEventMemory, writeEventMemory } from './write-events.ts';

export const JOB_CONTROLLER = 'job-controller';
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Expectation {
  adds: number;
  deletes: string[];
  at: number;
}

export type JobMemory = WriteEventMemory & {
  expectations: Record<string, Expectation>;
  backoff: Record<string, BackoffRecord>;
  pendingBackoff: Record<string, BackoffRecord>;
  statusRV: Record<string, number>;
  /** Feeds pod names; any number not used before will do. */
  seq: number;
};

export const jobMemory = (): JobMemory => ({ ...writeEventMemory(), expectations: {}, backoff: {}, pendingBackoff: {}, statusRV: {}, seq: 0 });

/** How a failed write of each kind is reported (RealPodControl's FailedCreate and FailedDelete). */
function failureOf(call: ApiCall): Pick<OnWrite, 'failed' | 'quietIfNotFound'> {
  if (call.target.resource === 'pods' && call.verb === 'create') return { failed: { reason: 'FailedCreate', prefix: 'Error creating: ' } };
  if (call.target.resource === 'pods' && call.verb === 'delete') return { failed: { reason: 'FailedDelete', prefix: 'Error deleting: ' }, quietIfNotFound: true };
  return {};
}

export const JOB_INFORMERS = [
  { name: 'jobs', resource: 'jobs.batch' },
  { name: 'pods', resource: 'pods' },
] as const;

/** A pod's change wakes its Job (or, orphaned with the finalizer, its own key) and settles the expectations it fulfils. */
export function jobKeys(informer: string, n: Notification, listers: Listers, mem: JobMemory): string[] {
  if (informer === 'jobs') return [keyOf(n.obj)];
  const key = controllerKeyOf(n.obj, 'Job');
  const exp = key === undefined ? undefined : mem.expectations[key];
  if (exp !== undefined) {
    const gone = n.type === 'delete' || n.obj.metadata.deletionTimestamp !== undefined;
    if (n.type === 'add' && !gone && exp.adds > 0) exp.adds--;
    if (gone) exp.deletes = exp.deletes.filter((name) => name !== n.obj.metadata.name);
  }
  return [...controllerKeys(n, 'Job'), ...orphanKeys(n, listers), ...adopterKeys(n, listers)];
}


export function reconcileJob(key: string, listers: Listers, now: number, mem: JobMemory, epochMs: number): ReconcileResult {
  const heard = takeHeard(mem, key);
  const r = syncKey(key, listers, now, mem, epochMs);
  return heard.length === 0 ? r : { ...r, events: [...heard, ...(r.events ?? [])] };
}

function syncKey(key: string, listers: Listers, now: number, mem: JobMemory, epochMs: number): ReconcileResult {
  if (key.startsWith(ORPHAN_PREFIX)) return reconcileOrphanPod(key.slice(ORPHAN_PREFIX.length), listers);
  const job = listers.jobs!.get(key) as Job | undefined;
  if (job === undefined) {
    delete mem.awaiting[key];
    delete mem.expectations[key];
    delete mem.backoff[key];
    delete mem.statusRV[key];
    return { writes: [] };
  }
  if ((mem.statusRV[key] ?? 0) > Number(job.metadata!.resourceVersion ?? 0)) return { writes: [] };
  if (managedElsewhere(job)) return { writes: [] };
  const uid = job.metadata!.uid;
  const inNamespace = listers.pods!.namespace(job.metadata!.namespace!).list() as Pod[];
  if (isJobFinished(job)) {
    // A finished Job counts nothing more: a finalizer still on one of its pods is an orphan's.
    delete mem.backoff[key];
    const owned = inNamespace.filter((p) => (p.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid));
    return { writes: owned.filter(hasFinalizer).map(removeFinalizerCall) };
  }
  const claimed = claimPods(job, inNamespace);
  const pods = [...claimed.pods];
  const exp = mem.expectations[key];
  const satisfied = exp === undefined || (exp.adds <= 0 && exp.deletes.length === 0) || now - exp.at >= EXPECTATIONS_TIMEOUT_MS;
  const out = syncJob({ job, pods, now, epochMs, backoff: mem.backoff[key] ?? NO_BACKOFF, satisfied, seq: mem.seq });
  if (out.created.length > 0 || out.deleted.length > 0) mem.expectations[key] = { adds: out.created.length, deletes: [...out.deleted], at: now };
  mem.seq += out.created.length;
  if (out.statusWrite) mem.pendingBackoff[key] = out.backoff;
  const ref = { apiVersion: 'batch/v1', kind: 'Job', namespace: job.metadata!.namespace!, name: job.metadata!.name!, uid: uid!, resourceVersion: job.metadata!.resourceVersion! };
  const immediate: Ev[] = [];
  const byWrite = new Map<ApiCall, Ev[]>();
  for (const { on, ...e } of out.events) {
    if (on === undefined) immediate.push(e);
    else byWrite.set(on, [...(byWrite.get(on) ?? []), e]);
  }
  for (const [call, evs] of byWrite) awaitWrite(mem, key, call, ref, { ok: evs, ...failureOf(call) });
  return {
    writes: [...claimed.writes, ...out.writes],
    events: immediate.map((e) => ({ ref, ...e })),
    ...(out.requeueAfter === undefined ? {} : { requeueAfter: out.requeueAfter }),
  };
}

/** The end of each write: the status stored (backoff kept, its version remembered) or a pod write failed (expectation lowered). */
export function jobWritten(key: string, call: ApiCall, result: ApiResult, mem: JobMemory): void {
  heardWrite(mem, key, call, result);
  const resource = call.target.resource;
  if (resource === 'jobs' && call.verb === 'update' && call.target.subresource === 'status' && result.ok) {
    mem.statusRV[key] = Number((result.body as KubeObject).metadata.resourceVersion ?? 0);
    const pending = mem.pendingBackoff[key];
    if (pending !== undefined) mem.backoff[key] = pending;
    delete mem.pendingBackoff[key];
  }
  const exp = mem.expectations[key];
  if (resource !== 'pods' || result.ok || exp === undefined) return;
  if (call.verb === 'create') exp.adds = Math.max(0, exp.adds - 1);
  if (call.verb === 'delete') exp.deletes = exp.deletes.filter((n) => n !== call.target.name);
}

export const jobController: ControllerDef<JobMemory> = {
  name: JOB_CONTROLLER,
  spec: (c) => ({
    client: c.client(JOB_CONTROLLER),
    informers: JOB_INFORMERS,
    keysFor: jobKeys,
    reconcile: (key, listers, now, mem) => reconcileJob(key, listers, now, mem, c.epochMs),
    memory: jobMemory,
    written: jobWritten,
    component: JOB_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
