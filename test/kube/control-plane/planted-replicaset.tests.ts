// The ReplicaSet plant, with the informer lag forced: in the fault runs the caches here keep up
// with the writes' answers (except for a moment after etcd's leader moves), so a controller that
// ignores its expectations seldom gets the chance to create twice there. Here every reconcile
// sees the cache as it stood before its own creates, as a lagging informer shows it; the real
// ReplicaSet controller waits on its expectations, the planted one creates again, and the
// Deployment invariant names the overshoot.

import test from 'ava';
import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';
import type { ControllerContext } from '../../../actors/kube-controller-manager/context.ts';
import { replicaSetControllerWith, type ReplicaSetPlant } from '../../../actors/kube-controller-manager/replicaset/controller.ts';
import { controlPlaneViolation, emptyCheckMemory } from '../../../scenarios/checks/control-plane-invariants.ts';
import { ControllerLoop } from '../controllers/loop.ts';
import { view } from './objects.ts';

const context: ControllerContext = {
  client: () => ({ hosts: [] }),
  epochMs: DEFAULT_EPOCH_MS,
  clusterCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: '',
};

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.14.2' }] } };

/** Reconciles the Deployment's ReplicaSet `rounds` times, each on the cache as it was before any of its creates; returns the first violation. */
function laggingRun(plant: ReplicaSetPlant, rounds: number): { violation: string | undefined; pods: number } {
  const spec = replicaSetControllerWith(plant).spec(context);
  const loop = new ControllerLoop(spec);
  const d = loop.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template } });
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true };
  loop.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', ownerReferences: [owner] }, spec: { replicas: 4, selector: { matchLabels: { app: 'web' } }, template } });
  const stale = loop.listers();
  const memory = loop.memory;
  const checks = emptyCheckMemory();
  let violation: string | undefined;
  for (let i = 0; i < rounds && violation === undefined; i++) {
    loop.advance(10);
    const creates = spec.reconcile('default/web-1', stale, loop.now, memory).writes.filter((w: ApiCall) => w.verb === 'create');
    for (const call of creates) loop.apply(call);
    // Listed items carry no kind of their own.
    const of = (kind: string, resource: string) => loop.list(resource, 'default').map((o): KubeObject => ({ ...o, kind }));
    violation = controlPlaneViolation(view([...of('Deployment', 'deployments'), ...of('ReplicaSet', 'replicasets'), ...of('Pod', 'pods')]), checks);
  }
  return { violation, pods: loop.list('pods', 'default').length };
}

test('planted: a ReplicaSet controller that ignores its expectations creates again on a lagging cache, and the Deployment check names it', (t) => {
  const planted = laggingRun({ ignoresExpectations: true }, 8);
  t.regex(planted.violation ?? '', /Deployment default\/web: \d+ live pods, more than 4 replicas \+ maxSurge 1/);
  const real = laggingRun({}, 8);
  t.is(real.violation, undefined, 'the real controller waits for its first create to show');
  t.is(real.pods, 1);
});
