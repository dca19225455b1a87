// A dual-stack cluster: every pod on a node with an IPv4 and an IPv6 pod range gets one address
// of each family, from its own node's ranges, and no address is given twice.

import ipaddr from 'ipaddr.js';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { defineScenario } from '../scenario.ts';

const PER_NODE = 5;

type PodStatusLike = { phase?: string; podIP?: string; podIPs?: { ip: string }[] };
const statusOf = (o: KubeObject) => (o.status ?? {}) as PodStatusLike;

function inRange(ip: string, cidr: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const addr = ipaddr.parse(ip);
  const range = ipaddr.parseCIDR(cidr);
  return addr.kind() === range[0].kind() && addr.match(range);
}

export default defineScenario({
  name: 'dual-stack-pods',
  description: 'every pod on dual-stack nodes gets an IPv4 and an IPv6 address from its node\'s ranges, none given twice',
  setup: (s) => void s.cluster({ workers: 2, dualStack: true }),
  script: async (s) => {
    const cluster = s.cluster();
    await s.advance('5s');
    const nodes = cluster.topology.hosts.filter((h) => h.role !== 'etcd');
    for (const node of nodes)
      for (let i = 0; i < PER_NODE; i++)
        await s.kube.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `web-${node.name}-${i}`, namespace: 'default' },
          spec: { nodeName: node.name, containers: [{ name: 'web', image: 'nginx:1.14.2' }] },
        });
    const want = nodes.length * PER_NODE;
    let pods: KubeObject[] = [];
    for (let tries = 0; tries < 120; tries++) {
      pods = [...(await s.kube.list('pods', { namespace: 'default' })).items];
      if (pods.length === want && pods.every((p) => statusOf(p).phase === 'Running')) break;
      await s.advance('1s');
    }
    s.expect(`all ${want} pods run`, pods.filter((p) => statusOf(p).phase === 'Running').length === want, `${pods.filter((p) => statusOf(p).phase === 'Running').length} Running`);
    const wrong: string[] = [];
    const seen = new Map<string, string>();
    for (const p of pods) {
      const node = nodes.find((n) => n.name === (p.spec as { nodeName: string }).nodeName)!;
      const ips = (statusOf(p).podIPs ?? []).map((x) => x.ip);
      const [v4, v6] = ips;
      const ok = ips.length === 2 && v4 !== undefined && v6 !== undefined && inRange(v4, node.podCIDRs[0]!) && inRange(v6, node.podCIDRs[1]!) && statusOf(p).podIP === v4;
      if (!ok) wrong.push(`${p.metadata.name}: ${ips.join(' ')} (node ${node.podCIDRs.join(' ')})`);
      for (const ip of ips) {
        const other = seen.get(ip);
        if (other !== undefined) wrong.push(`${ip} given to ${other} and ${p.metadata.name}`);
        seen.set(ip, p.metadata.name!);
      }
    }
    s.expect('each pod has one IPv4 (its podIP) and one IPv6, from its node\'s ranges, none given twice', wrong.length === 0, wrong.slice(0, 5).join('; ') || `${seen.size} addresses`);
  },
});
