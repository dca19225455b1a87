// Batch work on real kubelets: a Job of 5 completions 2 at a time, a Job whose pod keeps failing
// until backoffLimit (with the 10 s, 20 s back-off between retries), an Indexed Job, and a
// */15 CronJob over the rest of the virtual day (cronjob-day.ts). One worker beside the control
// plane is enough for the Jobs, and every node costs its status and Lease writes all day.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../protocols/kube/time.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';
import { createCronJob, cronJobDay } from './cronjob-day.ts';

const job = (name: string, spec: Record<string, unknown>, command: string): KubeObject => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: 'default' },
  spec: { ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.28', command: ['sh', '-c', command] }] } } },
});

type Condition = { type: string; status: string; reason?: string };
type JobStatus = { succeeded?: number; failed?: number; active?: number; completedIndexes?: string; conditions?: Condition[] };
const statusOf = (o: KubeObject) => (o.status ?? {}) as JobStatus;
const hasCondition = (o: KubeObject, type: string) => (statusOf(o).conditions ?? []).some((c) => c.type === type && c.status === 'True');
const finished = (o: KubeObject) => hasCondition(o, 'Complete') || hasCondition(o, 'Failed');
const phase = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase ?? '';

async function podsOf(s: ScenarioContext, jobName: string) {
  return (await s.kube.list('pods', { namespace: 'default', labelSelector: `batch.kubernetes.io/job-name=${jobName}` })).items;
}

export default defineScenario({
  name: 'batch',
  description: 'a Job with completions and parallelism, one failing to its backoffLimit, an Indexed Job, and a */15 CronJob over a virtual day with its history limit',
  setup: (s) => void s.cluster({ workers: 1 }),
  script: async (s) => {
    await s.advance('10s');
    // First, so that the rest of the day is its: it first runs at 00:15, after the Jobs below.
    const cronJobCreated = await createCronJob(s);
    await s.kube.create(job('work', { completions: 5, parallelism: 2 }, 'sleep 3'));
    await s.kube.create(job('flaky', { backoffLimit: 2 }, 'sleep 1; exit 1'));
    await s.kube.create(job('indexed', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, 'sleep 2'));
    let maxActive = 0;
    const flakyStarts = new Map<string, number>();
    for (let i = 0; i < 180; i++) {
      await s.advance('1s');
      const running = (await podsOf(s, 'work')).filter((p) => ['Pending', 'Running'].includes(phase(p)) && p.metadata.deletionTimestamp === undefined);
      maxActive = Math.max(maxActive, running.length);
      for (const p of await podsOf(s, 'flaky')) if (!flakyStarts.has(p.metadata.name!)) flakyStarts.set(p.metadata.name!, parseRfc3339(p.metadata.creationTimestamp!) ?? 0);
      const jobs = await Promise.all(['work', 'flaky', 'indexed'].map((n) => s.kube.get('job', n)));
      if (jobs.every(finished)) break;
    }
    const work = await s.kube.get('job', 'work');
    s.expect('Job work: 5 completions, never more than 2 pods at once, Complete', statusOf(work).succeeded === 5 && hasCondition(work, 'Complete') && maxActive <= 2, `succeeded ${statusOf(work).succeeded}, at most ${maxActive} active`);
    const flaky = await s.kube.get('job', 'flaky');
    const failedCond = (statusOf(flaky).conditions ?? []).find((c) => c.type === 'Failed');
    s.expect('Job flaky: failed after backoffLimit 2 (3 pods), reason BackoffLimitExceeded', statusOf(flaky).failed === 3 && failedCond?.reason === 'BackoffLimitExceeded', `failed ${statusOf(flaky).failed}, ${JSON.stringify(failedCond)}`);
    const starts = [...flakyStarts.values()].sort((a, b) => a - b);
    const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]!) / 1000));
    // Each retry waits its back-off after the failure; the pod ran ~1 s before failing.
    s.expect('its retries back off 10 s, then 20 s', gaps.length === 2 && gaps[0]! >= 10 && gaps[0]! <= 14 && gaps[1]! >= 20 && gaps[1]! <= 24, `${gaps.join(', ')} s between pod creations`);
    const indexed = await s.kube.get('job', 'indexed');
    const indexes = (await podsOf(s, 'indexed')).map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort();
    s.expect('Indexed Job: indexes 0-2 completed, one pod per index', statusOf(indexed).completedIndexes === '0-2' && indexes.join(',') === '0,1,2', `${statusOf(indexed).completedIndexes}; pods ${indexes.join(',')}`);

    await cronJobDay(s, cronJobCreated);
  },
});
