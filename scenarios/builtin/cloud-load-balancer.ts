// A cluster on the simulated cloud. Its kubelets register their Nodes tainted uninitialized; the
// cloud-controller-manager gives each its providerID and zone/region labels and lifts the taint,
// so pods schedule, spread over the three zones. A LoadBalancer Service gets an external IP from
// the cloud's pool. A worker's instance is terminated: its Node goes NotReady, the CCM deletes it
// because the cloud no longer has it, and the load balancer's backends follow. The CCM runs its
// route controller too (--allocate-node-cidrs, --configure-cloud-routes): a cloud route per node's
// pod CIDR, the Node's NetworkUnavailable condition False, and the route gone with the node.

import { address, stateKey } from '../../runtime/index.ts';
import type { CloudState } from '../../actors/cloud-provider/index.ts';
import type { CloudReply, CloudRequest } from '../../protocols/kube/cloud.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const WORKERS = 3;
const REPLICAS = 6;
const VICTIM = 'worker-3';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';
const UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.14.2', resources: { requests: { cpu: '100m' } } }] } },
  },
};

const service: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }] },
};

type Taint = { key: string };
const labels = (o: KubeObject) => o.metadata.labels ?? {};
const providerID = (o: KubeObject) => (o.spec as { providerID?: string }).providerID ?? '';
const taints = (o: KubeObject) => ((o.spec as { taints?: Taint[] }).taints ?? []).map((t) => t.key);
const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string }).nodeName ?? '';
const running = (o: KubeObject) => (o.status as { phase?: string } | undefined)?.phase === 'Running';
const ingressIP = (o: KubeObject) => (o.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress?.[0]?.ip ?? '';
const ready = (o: KubeObject) => ((o.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Ready')?.status ?? '';
const podCIDR = (o: KubeObject) => (o.spec as { podCIDR?: string }).podCIDR ?? '';
const networkUp = (o: KubeObject) =>
  ((o.status as { conditions?: { type: string; status: string; reason?: string }[] } | undefined)?.conditions ?? []).some((c) => c.type === 'NetworkUnavailable' && c.status === 'False' && c.reason === 'RouteCreated');
const initialized = (n: KubeObject) => providerID(n) !== '' && labels(n)[ZONE] !== undefined && !taints(n).includes(UNINITIALIZED);

/** Polls every second until `done` holds of what `read` gives, at most `seconds`; returns the last reading. */
async function poll<T>(s: ScenarioContext, seconds: number, read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < seconds && !done(v); i++) {
    await s.advance('1s');
    v = await read();
  }
  return v;
}

export default defineScenario({
  name: 'cloud-load-balancer',
  description: 'a cluster on the simulated cloud: the CCM initializes nodes (providerID, zones), pods spread over three zones, routes for pod CIDRs, a LoadBalancer gets an external IP, a terminated instance\'s node is deleted and the balancer and routes follow',
  setup: (s) => void s.cluster({ cloud: { routes: true }, workers: WORKERS }),
  script: async (s) => {
    const cluster = s.cluster();
    const cloudPath = cluster.cloudProvider!;
    const cloud = () => s.system.stateOf(cloudPath, stateKey<CloudState>('cloud-provider'));
    const nodes = () => s.kube.list('nodes').then((l) => l.items);

    const all = await poll(s, 60, nodes, (ns) => ns.length === cluster.hosts.length && ns.every(initialized));
    const wrongID = all.filter((n) => providerID(n) !== `kybernetes://region-1/${labels(n)[ZONE]}/${n.metadata.name}`);
    s.expect(
      'every node is initialized by the CCM: providerID kybernetes://region-1/<zone>/<node>, zone and region labels, the uninitialized taint gone',
      all.length === cluster.hosts.length && all.every(initialized) && wrongID.length === 0 && all.every((n) => labels(n)[REGION] === 'region-1'),
      all.map((n) => `${n.metadata.name}:${labels(n)[ZONE] ?? '-'}${taints(n).includes(UNINITIALIZED) ? '(uninitialized)' : ''}`).join(' '),
    );
    const zoneOf = new Map(all.map((n) => [n.metadata.name!, labels(n)[ZONE] ?? '']));
    const routes = () => Object.values(cloud()?.routes ?? {}).map((r) => `${r.destinationCIDR}>${r.targetNode}`).sort();
    const wanted = (ns: readonly KubeObject[]) => ns.map((n) => `${podCIDR(n)}>${n.metadata.name}`).sort();
    const routed = await poll(s, 30, nodes, (ns) => ns.every(networkUp) && routes().join() === wanted(ns).join());
    s.expect(
      "the route controller makes one cloud route per node's pod CIDR, and each Node's NetworkUnavailable is False (RouteCreated)",
      routed.length === cluster.hosts.length && routed.every(networkUp) && routes().join() === wanted(routed).join(),
      routes().join(' '),
    );

    await s.kube.create(deployment);
    const webPods = () => s.kube.list('pods', { namespace: 'default', labelSelector: 'app=web' }).then((l) => l.items);
    const pods = await poll(s, 90, webPods, (ps) => ps.length === REPLICAS && ps.every(running));
    const perZone = new Map<string, number>();
    for (const p of pods) perZone.set(zoneOf.get(nodeOf(p)) ?? '?', (perZone.get(zoneOf.get(nodeOf(p)) ?? '?') ?? 0) + 1);
    const counts = [...perZone.values()];
    s.expect(
      `the Deployment's ${REPLICAS} pods run, spread over the three zones (skew at most 1)`,
      pods.length === REPLICAS && pods.every(running) && perZone.size === 3 && Math.max(...counts) - Math.min(...counts) <= 1,
      [...perZone.entries()].sort().map(([z, c]) => `${z}:${c}`).join(' '),
    );

    await s.kube.create(service);
    const svc = await poll(s, 60, () => s.kube.get('service', 'web', { namespace: 'default' }), (o) => ingressIP(o) !== '');
    const ip = ingressIP(svc);
    const lb = () => Object.values(cloud()?.loadBalancers ?? {}).find((b) => b.service === 'default/web');
    s.expect(
      'the LoadBalancer Service gets an external IP from 203.0.113.0/24, and the cloud balances over every node',
      /^203\.0\.113\.\d+$/.test(ip) && lb()?.ip === ip && lb()?.nodes.join() === [...zoneOf.keys()].sort().join(),
      `ingress ${ip || 'none'}; backends ${lb()?.nodes.join(',') ?? 'none'}`,
    );

    // The instance goes, and the machine with it. The CCM deletes the Node within moments of
    // its going NotReady, so the watch, not a poll, sees the NotReady in between.
    let notReadyAt: number | undefined;
    const watch = await s.kube.watch('nodes', { fieldSelector: `metadata.name=${VICTIM}` }, (e) => {
      if (notReadyAt === undefined && e.type === 'MODIFIED' && ready(e.object) !== 'True') notReadyAt = s.now();
    });
    const terminatedAt = s.now();
    s.send<CloudRequest>(cloudPath, { type: 'TerminateInstance', name: VICTIM, replyTo: address<CloudReply>(`${cloudPath}-control`) });
    s.crashHost(VICTIM);
    const gone = await poll(s, 120, () => s.kube.find('node', VICTIM), (n) => n === undefined);
    const deletedAt = s.now();
    watch.stop();
    const events = (await s.kube.list('events', { namespace: 'default' })).items as (KubeObject & { reason?: string; message?: string })[];
    const deleting = events.find((e) => e.reason === 'DeletingNode');
    const secs = (t: number | undefined) => (t === undefined ? Number.NaN : Math.round((t - terminatedAt) / 1000));
    s.expect(
      `${VICTIM}'s instance terminated: its Node goes NotReady, then the CCM deletes it (event DeletingNode)`,
      gone === undefined && notReadyAt !== undefined && deleting?.message === `Deleting node ${VICTIM} because it does not exist in the cloud provider`,
      `NotReady at ${secs(notReadyAt)} s, deleted by ${secs(deletedAt)} s: ${deleting?.message ?? 'no DeletingNode event'}`,
    );
    const backends = await poll(s, 30, async () => lb()?.nodes ?? [], (ns) => !ns.includes(VICTIM));
    s.expect(
      `the load balancer's backends follow: ${VICTIM} is no longer one of them, the others stay`,
      !backends.includes(VICTIM) && backends.length === cluster.hosts.length - 1 && ingressIP(await s.kube.get('service', 'web', { namespace: 'default' })) === ip,
      `backends ${backends.join(',')}`,
    );
    const left = await poll(s, 30, async () => routes(), (rs) => !rs.some((r) => r.endsWith(`>${VICTIM}`)));
    s.expect(`${VICTIM}'s pod CIDR route is deleted with its node, the others stay`, left.length === cluster.hosts.length - 1 && !left.some((r) => r.endsWith(`>${VICTIM}`)), left.join(' '));
  },
});
