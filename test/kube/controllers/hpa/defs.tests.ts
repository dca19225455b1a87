// The ControllerDef the manager starts: named for its service account, writing with that
// account's client, no leader election of its own, the metrics source passed through.
import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { horizontalPodAutoscaler } from '../../../../actors/kube-controller-manager/podautoscaler/controller.ts';
import { emptyHPAMemory } from '../../../../actors/kube-controller-manager/podautoscaler/memory.ts';

const ctx: ControllerContext = {
  client: (name) => ({ hosts: ['cp-1'], token: `token-of-${name}`, readToken: 'manager' }),
  epochMs: 0,
  clusterCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: 'CA',
};

test('hpa defs: horizontal-pod-autoscaler writes as its service account and informs on HPAs, pods and workloads', (t) => {
  const def = horizontalPodAutoscaler();
  const spec = def.spec(ctx);
  t.is(def.name, 'horizontal-pod-autoscaler');
  t.is(spec.client.token, 'token-of-horizontal-pod-autoscaler');
  t.is(spec.component, 'horizontal-pod-autoscaler');
  t.is(spec.leaderElection, undefined);
  t.deepEqual(spec.informers.map((i) => i.resource), ['horizontalpodautoscalers', 'pods', 'deployments', 'replicasets', 'statefulsets']);
  t.deepEqual(spec.memory!(), emptyHPAMemory());
});

test('hpa defs: the metrics source given to the factory is the one the reconcile asks', (t) => {
  const asked: string[] = [];
  const def = horizontalPodAutoscaler({
    podMetrics: (ns, sel) => {
      asked.push(`${ns} ${sel}`);
      return undefined;
    },
  });
  const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'default', uid: 'u' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] } };
  const dep = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } } };
  const lister = (objs: object[]) => ({
    list: () => objs,
    get: () => undefined,
    namespace: () => ({ list: () => objs, get: (n: string) => objs.find((o) => (o as { metadata: { name: string } }).metadata.name === n) }),
  });
  const listers = { horizontalpodautoscalers: lister([hpa]), pods: lister([{ metadata: { name: 'web-0', namespace: 'default', labels: { app: 'web' } }, status: { phase: 'Running' } }]), deployments: lister([dep]), replicasets: lister([]), statefulsets: lister([]) };
  const r = def.spec(ctx).reconcile('default/h', listers as never, 0, emptyHPAMemory());
  t.deepEqual(asked, ['default app=web']);
  t.is(r.requeueAfter, 15_000);
});
