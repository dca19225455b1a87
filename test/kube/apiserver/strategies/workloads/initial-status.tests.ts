import test from 'ava';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

test('a new object reads back with the status Kubernetes stores: zero fields without omitempty kept', (t) => {
  const want: Record<string, unknown> = {
    'apps/deployments': {},
    'apps/replicasets': { replicas: 0 },
    'apps/daemonsets': { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
    'apps/statefulsets': { replicas: 0, availableReplicas: 0 },
    'batch/jobs': {},
    'batch/cronjobs': {},
    'autoscaling/horizontalpodautoscalers': { desiredReplicas: 0 },
    'policy/poddisruptionbudgets': { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  };
  for (const [key, status] of Object.entries(want)) {
    const obj: KubeObject = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x', uid: 'u' }, spec: {}, status: { replicas: 9 } };
    WORKLOAD_STRATEGIES[key]!.prepareForCreate(obj, ctx);
    t.deepEqual(obj.status, status, key);
    t.is(obj.metadata.generation, 1, key);
  }
});
