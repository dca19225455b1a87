// The CronJob controller (cronjob-controller, v2): informers on CronJobs and Jobs, a Job's change
// waking the CronJob that controls it, syncCronJob per key with the calendar time epochMs + now.
// Its memory stands in for the live GETs Kubernetes makes against a lagging cache: the Jobs it
// created and has not seen yet (not "missing"), and the resourceVersion of its last status write
// (an older cached CronJob waits for that write's notification).

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { CronJob, Job, KubeObject } from '../../../protocols/kube/objects.ts';
import { controllerKeyOf, controllerKeys, keyOf, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { awaitWrite, type Ev, heardWrite, type OnWrite, takeHeard, type WriteEventMemory, writeEventMemory } from '../job/write-events.ts';
import { syncCronJob } from './sync.ts';

export const CRONJOB_CONTROLLER = 'cronjob-controller';

export type CronJobMemory = WriteEventMemory & {
  pendingJobs: Record<string, string[]>;
  statusRV: Record<string, number>;
};

export const cronJobMemory = (): CronJobMemory => ({ ...writeEventMemory(), pendingJobs: {}, statusRV: {} });

/** JobControl's failure events: FailedCreate "Error creating job: ...", FailedDelete "Deleted job: ..." (sic). */
const failureOf = (call: ApiCall): Pick<OnWrite, 'failed'> =>
  call.verb === 'create' ? { failed: { reason: 'FailedCreate', prefix: 'Error creating job: ' } } : { failed: { reason: 'FailedDelete', prefix: 'Deleted job: ' } };

export const CRONJOB_INFORMERS = [
  { name: 'cronjobs', resource: 'cronjobs.batch' },
  { name: 'jobs', resource: 'jobs.batch' },
] as const;

export function cronJobKeys(informer: string, n: Notification, _l: Listers, mem: CronJobMemory): string[] {
  if (informer === 'cronjobs') return [keyOf(n.obj)];
  const key = controllerKeyOf(n.obj, 'CronJob');
  if (key !== undefined && mem.pendingJobs[key] !== undefined) mem.pendingJobs[key] = mem.pendingJobs[key].filter((name) => name !== n.obj.metadata.name);
  return controllerKeys(n, 'CronJob');
}

export function reconcileCronJob(key: string, listers: Listers, now: number, mem: CronJobMemory, epochMs: number): ReconcileResult {
  const heard = takeHeard(mem, key);
  const r = syncKey(key, listers, now, mem, epochMs);
  return heard.length === 0 ? r : { ...r, events: [...heard, ...(r.events ?? [])] };
}

function syncKey(key: string, listers: Listers, now: number, mem: CronJobMemory, epochMs: number): ReconcileResult {
  const cj = listers.cronjobs!.get(key) as CronJob | undefined;
  if (cj === undefined) {
    delete mem.awaiting[key];
    delete mem.pendingJobs[key];
    delete mem.statusRV[key];
    return { writes: [] };
  }
  if ((mem.statusRV[key] ?? 0) > Number(cj.metadata!.resourceVersion ?? 0)) return { writes: [] };
  const uid = cj.metadata!.uid;
  const jobs = (listers.jobs!.namespace(cj.metadata!.namespace!).list() as Job[]).filter((j) => (j.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid));
  const out = syncCronJob({ cronJob: cj, jobs, now: epochMs + now, pendingJobs: new Set(mem.pendingJobs[key] ?? []) });
  if (out.created !== undefined) mem.pendingJobs[key] = [...(mem.pendingJobs[key] ?? []), out.created];
  const ref = { apiVersion: 'batch/v1', kind: 'CronJob', namespace: cj.metadata!.namespace!, name: cj.metadata!.name!, uid: uid!, resourceVersion: cj.metadata!.resourceVersion! };
  const immediate: Ev[] = [];
  for (const { on, ...e } of out.events) {
    if (on === undefined) immediate.push(e);
    else awaitWrite(mem, key, on, ref, { ok: [e], ...failureOf(on) });
  }
  return { writes: out.writes, events: immediate.map((e) => ({ ref, ...e })), ...(out.requeueAfter === undefined ? {} : { requeueAfter: out.requeueAfter }) };
}

export function cronJobWritten(key: string, call: ApiCall, result: ApiResult, mem: CronJobMemory): void {
  heardWrite(mem, key, call, result);
  if (call.target.resource !== 'cronjobs' && call.verb === 'create' && !result.ok && mem.pendingJobs[key] !== undefined) {
    const name = (call as { body: KubeObject }).body.metadata.name;
    mem.pendingJobs[key] = mem.pendingJobs[key].filter((n) => n !== name);
  }
  if (call.target.resource === 'cronjobs' && call.target.subresource === 'status' && result.ok) mem.statusRV[key] = Number((result.body as KubeObject).metadata.resourceVersion ?? 0);
}

export const cronJobController: ControllerDef<CronJobMemory> = {
  name: CRONJOB_CONTROLLER,
  spec: (c) => ({
    client: c.client(CRONJOB_CONTROLLER),
    informers: CRONJOB_INFORMERS,
    keysFor: cronJobKeys,
    reconcile: (key, listers, now, mem) => reconcileCronJob(key, listers, now, mem, c.epochMs),
    memory: cronJobMemory,
    written: cronJobWritten,
    component: CRONJOB_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
