// A cluster with a cloud, started: the cloud's host beside the cluster's, a
// cloud-controller-manager on every control plane; and the built-in scenario on seed 5.

import test from 'ava';
import { Simulation } from '../../../runtime/kernel/index.ts';
import { ScenarioContext } from '../../../scenarios/scenario.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { builtin } from '../../../scenarios/builtin/index.ts';

test('a cluster with a cloud: the cloud host runs the cloud provider and the CCM installer, every control plane a cloud-controller-manager', (t) => {
  const sim = new Simulation({ seed: 3 });
  const s = new ScenarioContext(sim);
  const cluster = s.cluster({ controlPlanes: 2, workers: 1, cloud: true });
  t.deepEqual(
    s.inspect().children.map((h) => `${h.name}: ${h.children.map((c) => c.kind).join(',')}`),
    [
      'cloud: cloud-provider,ccm-installer',
      'control-plane-1: etcd-member,kube-apiserver,kube-controller-manager,kube-scheduler,cloud-controller-manager,cni-plugin,container-runtime,kubelet',
      'control-plane-2: etcd-member,kube-apiserver,kube-controller-manager,kube-scheduler,cloud-controller-manager,cni-plugin,container-runtime,kubelet',
      'worker-1: cni-plugin,container-runtime,kubelet',
    ],
  );
  t.deepEqual(cluster.hosts, ['control-plane-1', 'control-plane-2', 'worker-1']);
  t.is(cluster.cloudProvider, '/cloud/cloud-provider');
  t.is(cluster.token('cloud-controller-manager'), cluster.security.cloudControllerManagerToken!);
  sim.close();
});

test('a cluster without a cloud has no cloud host and no cloud-controller-manager', (t) => {
  const sim = new Simulation({ seed: 3 });
  const s = new ScenarioContext(sim);
  const cluster = s.cluster({ workers: 1 });
  const tree = s.inspect().children;
  t.deepEqual(tree.map((h) => h.name), ['control-plane-1', 'worker-1']);
  t.false(tree.some((h) => h.children.some((c) => c.kind === 'cloud-controller-manager')));
  t.is(cluster.cloudProvider, undefined);
  t.throws(() => cluster.token('cloud-controller-manager'), { message: /no credentials for "cloud-controller-manager"/ });
  sim.close();
});

test('the cloud-load-balancer scenario holds every expectation on seed 5', async (t) => {
  const r = await runScenario(builtin('cloud-load-balancer')!, { seed: 5 });
  t.deepEqual(r.expectations.filter((x) => !x.ok), []);
  t.is(r.expectations.length, 7);
  t.true(r.ok);
});
