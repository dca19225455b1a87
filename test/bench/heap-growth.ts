// What a long run keeps: the default cluster advanced in 15-minute steps for some virtual hours,
// the heap measured after a full collection at each step. Idle, or with churn: a CronJob every
// minute (history limit 3), whose Jobs, pods and Events come and go. State that grows without bound
// shows as a steady climb; etcd's in-memory Raft log rises and falls with its snapshots (every
// 10,000 entries). Not part of `npm run bench` (minutes of wall time):
//   node --expose-gc --import tsx test/bench/heap-growth.ts [hours=3] [idle|cron]

import { Simulation } from '../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';

const hours = Number(process.argv[2] ?? 3);
const churn = process.argv[3] === 'cron';
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('heap-growth: run node with --expose-gc');

const cronJob: KubeObject = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'every-minute', namespace: 'default' },
  spec: {
    schedule: '* * * * *',
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 5'] }] } } } },
  },
} as KubeObject;

const sim = new Simulation({ name: 'bench-heap', seed: 1, trace: { hash: true, header: { kybernetes: 'bench', scenario: 'heap-growth', config: null, inputs: [] } } });
const s = new ScenarioContext(sim);
s.cluster({});
await s.advance('2m');
if (churn) await s.kube.create(cronJob);
const mb = () => {
  gc();
  return (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1);
};
console.log(`${churn ? 'cron' : 'idle'}: virtual minutes, heap MB`);
console.log(`2 ${mb()}`);
for (let minutes = 15; minutes <= hours * 60; minutes += 15) {
  await s.advance('15m');
  console.log(`${minutes + 2} ${mb()}`);
}
sim.close();
