// Job and CronJob manifests and a ControllerLoop per batch controller, for the batch tests.

import { ControllerLoop } from '../loop.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { JOB_INFORMERS, jobKeys, jobMemory, type JobMemory, jobWritten, reconcileJob } from '../../../../actors/kube-controller-manager/job/controller.ts';

export function jobManifest(name: string, spec: Record<string, unknown> = {}, restartPolicy = 'Never'): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { restartPolicy, containers: [{ name: 'main', image: 'busybox' }] } }, ...spec },
  };
}

export function jobLoop(): ControllerLoop<JobMemory> {
  return new ControllerLoop<JobMemory>({
    informers: JOB_INFORMERS,
    keysFor: jobKeys,
    reconcile: (key, listers, now, mem) => reconcileJob(key, listers, now, mem, DEFAULT_EPOCH_MS),
    memory: jobMemory,
    written: jobWritten,
  });
}

import { CRONJOB_INFORMERS, cronJobKeys, cronJobMemory, type CronJobMemory, cronJobWritten, reconcileCronJob } from '../../../../actors/kube-controller-manager/cronjob/controller.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import type { Round } from '../loop.ts';

export function cronJobManifest(name: string, schedule: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: { schedule, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } } }, ...spec },
  };
}

export function cronLoop(): ControllerLoop<CronJobMemory> {
  return new ControllerLoop<CronJobMemory>({
    informers: CRONJOB_INFORMERS,
    keysFor: cronJobKeys,
    reconcile: (key, listers, now, mem) => reconcileCronJob(key, listers, now, mem, DEFAULT_EPOCH_MS),
    memory: cronJobMemory,
    written: cronJobWritten,
  });
}

/** A stand-in Job controller: ends the Job as Complete or Failed now. */
export function finishJob(loop: ControllerLoop<any>, name: string, as: 'Complete' | 'Failed' = 'Complete'): void {
  const job = loop.get('jobs', name)!;
  const ts = rfc3339(DEFAULT_EPOCH_MS + loop.now);
  const start = ((job.status as any)?.startTime as string | undefined) ?? ts;
  const conditions = as === 'Complete'
    ? [{ type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', lastTransitionTime: ts }, { type: 'Complete', status: 'True', reason: 'CompletionsReached', lastTransitionTime: ts }]
    : [{ type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: ts }, { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: ts }];
  const status = { startTime: start, conditions, ...(as === 'Complete' ? { succeeded: 1, completionTime: ts } : { failed: 1 }) };
  loop.apply(updateCall({ ...job, status } as KubeObject, { subresource: 'status' }));
}

/** Marks every Job of the namespace started (status.startTime), as the Job controller would. */
export function startJobs(loop: ControllerLoop<any>): void {
  for (const job of loop.list('jobs', 'default')) {
    if ((job.status as any)?.startTime !== undefined) continue;
    loop.apply(updateCall({ ...job, status: { startTime: rfc3339(DEFAULT_EPOCH_MS + loop.now), active: 1 } } as KubeObject, { subresource: 'status' }));
  }
}

/** Settles, then moves time to the earliest requeue the last rounds asked for; returns the rounds. */
export function settleAndWait(loop: ControllerLoop<any>): { rounds: Round[]; waited: number } {
  const rounds = loop.settle();
  const asked = [...rounds].reverse().find((r) => r.requeueAfter !== undefined)?.requeueAfter;
  const waited = asked ?? 60_000;
  loop.advance(waited);
  return { rounds, waited };
}
