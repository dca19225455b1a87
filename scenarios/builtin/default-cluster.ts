// The default cluster, as `s.cluster()` starts it: what `kyb tree` shows without a scenario. Its
// control plane holds etcd, kube-apiserver and kube-controller-manager; every host is a node with
// a kubelet, a container runtime and a CNI plugin. The other components join as they are built.

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
    let ready: string[] = [];
    for (let i = 0; i < 30 && ready.length < cluster.hosts.length; i++) {
      const nodes = (await s.kube.list('nodes')).items as readonly { metadata: { name?: string }; status?: { conditions?: { type: string; status: string }[] } }[];
      ready = nodes.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name!);
      if (ready.length < cluster.hosts.length) await s.advance('1s');
    }
    s.expect('every host registers as a Ready node', ready.length === cluster.hosts.length, ready.join(', '));
    const csiNodes = (await s.kube.list('csinodes')).items.map((o) => `${o.metadata.name}<-${o.metadata.ownerReferences?.[0]?.kind ?? '?'}`).sort();
    s.expect("each kubelet makes its node's CSINode, owned by the Node", csiNodes.join() === [...cluster.hosts].sort().map((h) => `${h}<-Node`).join(), csiNodes.join(', '));
    const hosts = s.inspect().children;
    s.expect(
      'every host of the cluster runs',
      cluster.hosts.every((name) => hosts.some((h) => h.name === name && h.status === 'running')),
      cluster.hosts.join(', '),
    );
  },
});
