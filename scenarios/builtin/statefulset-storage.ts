// The docs' StatefulSet shape on real kubelets and the PV binder's host-path provisioner: pods
// web-0..2 start one at a time, each only once the one before is Ready; each gets its own claim
// www-web-N, provisioned when the pod is scheduled (WaitForFirstConsumer) and pinned to its node.
// web-1 deleted comes back with the same name, the same claim, on the same node, and finds what
// its first incarnation wrote.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../protocols/kube/time.ts';
import { containerRuntimeService } from '../../protocols/kube/cri.ts';
import { containerRuntimeKey } from '../../actors/container-runtime/runtime.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const REPLICAS = 3;

const MANIFESTS = `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
provisioner: kybernetes.io/host-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: app
        image: busybox:1.28
        command: ["sh", "-c", "[ -f /data/who ] || echo \\"$(hostname) $(date)\\" > /data/who; sleep 3600"]
        readinessProbe:
          exec:
            command: ["cat", "/data/who"]
          periodSeconds: 2
        volumeMounts:
        - name: www
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      storageClassName: standard
      resources:
        requests:
          storage: 1Gi
`;

type Condition = { type: string; status: string; lastTransitionTime?: string };
const readyAt = (p: KubeObject): number | undefined => {
  const c = ((p.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((x) => x.type === 'Ready' && x.status === 'True');
  return c?.lastTransitionTime === undefined ? undefined : parseRfc3339(c.lastTransitionTime);
};
const nodeOf = (o: KubeObject) => (o.spec as { nodeName?: string }).nodeName ?? '';
const ms = (t: string | undefined) => (t === undefined ? Number.NaN : (parseRfc3339(t) ?? Number.NaN));

/** What the claim's volume holds on its node: the runtime keeps it at the PV's global mount path. */
function volumeFile(s: ScenarioContext, node: string, pv: string, file: string): string | undefined {
  const volumes = s.system.stateOf(containerRuntimeService.pathOn(node), containerRuntimeKey)?.volumes ?? {};
  return volumes[`/var/lib/kubelet/plugins/kubernetes.io/pv/${pv}/globalmount`]?.[file];
}

async function allReady(s: ScenarioContext): Promise<KubeObject[]> {
  for (let i = 0; i < 180; i++) {
    const pods = (await s.kube.list('pods', { namespace: 'default', labelSelector: 'app=nginx' })).items.filter((p) => p.metadata.deletionTimestamp === undefined);
    if (pods.length === REPLICAS && pods.every((p) => readyAt(p) !== undefined)) return [...pods].sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
    await s.advance('1s');
  }
  return [];
}

export default defineScenario({
  name: 'statefulset-storage',
  description: 'a StatefulSet starts web-0..2 in order, each with its own provisioned claim; web-1 deleted returns on the same node with the same claim and its data',
  setup: (s) => void s.cluster({ workers: 3 }),
  script: async (s) => {
    await s.advance('10s');
    await s.kube.apply(MANIFESTS);
    const pods = await allReady(s);
    s.expect(`web-0..${REPLICAS - 1} all Ready`, pods.map((p) => p.metadata.name).join(',') === 'web-0,web-1,web-2', pods.map((p) => p.metadata.name).join(','));
    const order = pods.slice(1).map((p, i) => ms(p.metadata.creationTimestamp) - (readyAt(pods[i]!) ?? Number.NaN));
    s.expect('OrderedReady: each pod is created only after the one before it is Ready', order.length === REPLICAS - 1 && order.every((d) => d >= 0), order.map((d) => `${d} ms`).join(', '));

    const claims = (await s.kube.list('pvc', { namespace: 'default' })).items;
    const pvs = (await s.kube.list('pv')).items;
    const bound = pods.map((p) => {
      const claim = claims.find((c) => c.metadata.name === `www-${p.metadata.name}`);
      const pv = pvs.find((v) => v.metadata.name === (claim?.spec as { volumeName?: string } | undefined)?.volumeName);
      const affinity = JSON.stringify((pv?.spec as { nodeAffinity?: unknown } | undefined)?.nodeAffinity ?? {});
      return { pod: p.metadata.name!, claim, pv, ok: (claim?.status as { phase?: string } | undefined)?.phase === 'Bound' && pv !== undefined && affinity.includes(`"${nodeOf(p)}"`) };
    });
    s.expect("each pod's claim www-web-N is Bound to a volume provisioned on the pod's node", bound.every((b) => b.ok), bound.map((b) => `${b.pod}: ${b.claim?.metadata.name ?? '-'} → ${b.pv?.metadata.name ?? '-'}`).join('; '));

    const before = pods[1]!;
    const pv = bound[1]!.pv!.metadata.name!;
    const written = volumeFile(s, nodeOf(before), pv, 'who');
    s.expect('web-1 wrote its name and start time into its volume', written?.startsWith('web-1 ') === true, String(written));
    await s.kube.delete('pod', 'web-1', { namespace: 'default' });
    await s.advance('5s');
    const after = (await allReady(s))[1];
    const kept = after && volumeFile(s, nodeOf(after), pv, 'who');
    s.expect(
      'web-1 comes back (a new pod) on the same node with the same claim, and its volume still holds what the first web-1 wrote',
      after !== undefined && after.metadata.uid !== before.metadata.uid && nodeOf(after) === nodeOf(before) && kept === written &&
        JSON.stringify((after.spec as { volumes?: unknown[] }).volumes ?? []).includes('"claimName":"www-web-1"'),
      `${after?.metadata.uid === before.metadata.uid ? 'same pod' : 'new pod'} on ${after ? nodeOf(after) : '-'} (was ${nodeOf(before)}); volume: ${String(kept)}`,
    );
  },
});
