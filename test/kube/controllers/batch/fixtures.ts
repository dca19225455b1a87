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
