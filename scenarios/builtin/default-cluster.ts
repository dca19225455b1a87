// The default cluster, as `s.cluster()` starts it: what `kyb tree` shows without a scenario. For
// now its control plane holds etcd and kube-apiserver; the other components join as they are built.

import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'default-cluster',
  description: 'the default cluster: one control plane (etcd stacked on it) and two workers, up and steady',
  setup: (s) => {
    s.cluster();
  },
  script: async (s) => {
    const cluster = s.cluster();
    const led = await s.until(() => cluster.etcd.leader() !== undefined, { within: '5s' });
    s.expect('etcd elects a leader', led, `${cluster.etcd.leader()} leads at ${s.now().toFixed(0)}ms`);
    await s.advance('5s');
    const namespaces = (await s.kube.list('namespaces')).items.map((o) => o.metadata.name).join(', ');
    s.expect('the apiserver serves, with the system namespaces made', namespaces === 'default, kube-node-lease, kube-public, kube-system', namespaces);
    const hosts = s.inspect().children;
    s.expect(
      'every host of the cluster runs',
      cluster.hosts.every((name) => hosts.some((h) => h.name === name && h.status === 'running')),
      cluster.hosts.join(', '),
    );
  },
});
