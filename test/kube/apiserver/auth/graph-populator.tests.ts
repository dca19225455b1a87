// The graph an apiserver keeps event by event equals the one built from scratch from the pods and
// PVs the caches hold, after any sequence Kubernetes allows: creates, bindings, status updates,
// deletes, recreations under a new uid on another node, PVs bound, rebound and deleted, and
// relists after changes the graph did not see one by one. A planted bug (edges left behind on a
// pod's delete) is caught.

import test from 'ava';
import fc from 'fast-check';
import { buildNodeGraph, NodeGraphPopulator, type PopulatorOptions, type VertexType } from '../../../../actors/kube-apiserver/auth/index.ts';
import type { KubeObject, PersistentVolume, Pod } from '../../../../protocols/kube/objects.ts';

const NS = ['a', 'b'];
const NODES = ['n0', 'n1', 'n2'];
const NAMES = ['x0', 'x1', 'x2', 'x3'];
const TYPES: VertexType[] = ['pod', 'secret', 'configmap', 'serviceaccount', 'persistentvolumeclaim', 'persistentvolume'];

const name = fc.constantFrom(...NAMES);
const ns = fc.constantFrom(...NS);
const podSpec = fc.record({
  name,
  ns,
  recreate: fc.boolean(),
  node: fc.option(fc.constantFrom(...NODES), { nil: undefined }),
  mirror: fc.boolean(),
  sa: fc.option(name, { nil: undefined }),
  secrets: fc.array(name, { maxLength: 3 }),
  configMaps: fc.array(name, { maxLength: 2 }),
  claims: fc.array(name, { maxLength: 2 }),
  ephemeral: fc.boolean(),
  pullSecret: fc.option(name, { nil: undefined }),
});
type PodSpec = typeof podSpec extends fc.Arbitrary<infer T> ? T : never;
const pvSpec = fc.record({
  name,
  claim: fc.option(fc.record({ ns, name }), { nil: undefined }),
  csiSecret: fc.option(fc.record({ ns, name }), { nil: undefined }),
  controllerSecret: fc.option(name, { nil: undefined }),
  rbdSecret: fc.option(name, { nil: undefined }),
});
type PvSpec = typeof pvSpec extends fc.Arbitrary<infer T> ? T : never;

type Op =
  | { kind: 'pod'; spec: PodSpec; silent: boolean }
  | { kind: 'delPod'; ns: string; name: string; silent: boolean }
  | { kind: 'pv'; spec: PvSpec; silent: boolean }
  | { kind: 'delPv'; name: string; silent: boolean }
  | { kind: 'relist' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('pod' as const), spec: podSpec, silent: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delPod' as const), ns, name, silent: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pv' as const), spec: pvSpec, silent: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delPv' as const), name, silent: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'relist' as const }) },
);

function podOf(s: PodSpec, uid: string, rv: number): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: s.name, namespace: s.ns, uid, resourceVersion: String(rv), ...(s.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'hash' } } : {}) },
    spec: {
      ...(s.node ? { nodeName: s.node } : {}),
      ...(s.sa ? { serviceAccountName: s.sa } : {}),
      ...(s.pullSecret ? { imagePullSecrets: [{ name: s.pullSecret }] } : {}),
      containers: [{ name: 'c', env: s.configMaps.map((c, i) => ({ name: `E${i}`, valueFrom: { configMapKeyRef: { name: c, key: 'k' } } })) }],
      volumes: [
        ...s.secrets.map((sec, i) => ({ name: `s${i}`, secret: { secretName: sec } })),
        ...s.claims.map((c, i) => ({ name: `c${i}`, persistentVolumeClaim: { claimName: c } })),
        ...(s.ephemeral ? [{ name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } }] : []),
      ],
    },
  };
}

function pvOf(s: PvSpec): PersistentVolume {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: s.name },
    spec: {
      ...(s.claim ? { claimRef: { namespace: s.claim.ns, name: s.claim.name } } : {}),
      ...(s.rbdSecret ? { rbd: { monitors: ['m'], image: 'i', secretRef: { name: s.rbdSecret } } } : {}),
      ...(s.csiSecret || s.controllerSecret
        ? {
            csi: {
              driver: 'd',
              volumeHandle: 'h',
              ...(s.csiSecret ? { nodeStageSecretRef: { namespace: s.csiSecret.ns, name: s.csiSecret.name } } : {}),
              ...(s.controllerSecret ? { controllerPublishSecretRef: { namespace: 'a', name: s.controllerSecret } } : {}),
            },
          }
        : {}),
    },
  };
}

const keyOf = (o: { metadata?: { namespace?: string; name?: string } }) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

/**
 * Runs the ops against the caches' contents (the model) and the graph, as the caches would feed
 * it; after each op the graph seen in full must equal a graph built from the model.
 */
function run(ops: readonly Op[], options: PopulatorOptions = {}): string | undefined {
  const pods = new Map<string, Pod>();
  const pvs = new Map<string, PersistentVolume>();
  const g = new NodeGraphPopulator(options);
  let pending = false;
  let rv = 0;
  const feed = (silent: boolean, f: () => void) => (silent ? (pending = true) : f());
  for (const [i, o] of ops.entries()) {
    rv++;
    if (o.kind === 'pod') {
      const key = `${o.spec.ns}/${o.spec.name}`;
      const old = pods.get(key);
      // Uids are never reused: an update keeps the pod's, a recreation gets a new one.
      const uid = old !== undefined && !o.spec.recreate ? old.metadata!.uid! : `u${rv}`;
      let pod = podOf(o.spec, uid, rv);
      if (old !== undefined && old.metadata!.uid === uid && old.spec?.nodeName) {
        // A bound pod's spec does not change: only its status (here its resourceVersion).
        pod = { ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } };
      } else if (old !== undefined && old.metadata!.uid !== uid) {
        // Another pod of the name: the old one's delete comes first.
        feed(o.silent, () => g.changed('/pods', 'delete', old as KubeObject));
      }
      pods.set(key, pod);
      feed(o.silent, () => g.changed('/pods', 'put', pod as KubeObject));
    } else if (o.kind === 'delPod') {
      const old = pods.get(`${o.ns}/${o.name}`);
      if (old === undefined) continue;
      pods.delete(keyOf(old));
      feed(o.silent, () => g.changed('/pods', 'delete', old as KubeObject));
    } else if (o.kind === 'pv') {
      const pv = pvOf(o.spec);
      pvs.set(o.spec.name, pv);
      feed(o.silent, () => g.changed('/persistentvolumes', 'put', pv as KubeObject));
    } else if (o.kind === 'delPv') {
      const old = pvs.get(o.name);
      if (old === undefined) continue;
      pvs.delete(o.name);
      feed(o.silent, () => g.changed('/persistentvolumes', 'delete', old as KubeObject));
    } else {
      g.replaced('/pods', [...pods.values()] as KubeObject[]);
      g.replaced('/persistentvolumes', [...pvs.values()] as KubeObject[]);
      pending = false;
    }
    if (pending) continue;
    const want = buildNodeGraph([...pods.values()], [...pvs.values()]);
    const got = g.pairs();
    if (JSON.stringify(got) !== JSON.stringify(want.pairs())) return `after op ${i}: ${JSON.stringify(got)} != ${JSON.stringify(want.pairs())}`;
    // What the authorizer asks, over every object and node, now and then (pairs() is the cheap check).
    if (i % 8 !== 7 && i !== ops.length - 1) continue;
    for (const type of TYPES)
      for (const n of type === 'persistentvolume' ? [''] : NS)
        for (const x of NAMES)
          for (const node of NODES) if (g.reaches(type, n, x, node) !== want.reaches(type, n, x, node)) return `after op ${i}: ${type} ${n}/${x} → ${node}`;
  }
  return undefined;
}

test('the graph kept event by event equals the one built from scratch, after any sequence of pod and PV events and relists', (t) => {
  fc.assert(
    fc.property(fc.array(op, { size: 'large' }), (ops) => run(ops) === undefined),
    { numRuns: 50 },
  );
  t.pass();
});

test('a planted bug, edges kept on a pod delete, is caught', (t) => {
  const found = fc.check(fc.property(fc.array(op, { size: 'large' }), (ops) => run(ops, { plant: { keepEdgesOnPodDelete: true } }) === undefined), { numRuns: 50 });
  t.true(found.failed);
  t.regex(run(found.counterexample![0], { plant: { keepEdgesOnPodDelete: true } }) ?? '', /after op/);
});

test("Kubernetes' graph rules: unbound pods, mirror pods, terminal pods, kubelet-visible PV secrets", (t) => {
  const g = new NodeGraphPopulator();
  const pod = (name: string, extra: Partial<Pod> = {}, meta: Pod['metadata'] = {}): Pod => ({
    metadata: { name, namespace: 'a', uid: name, ...meta },
    spec: { nodeName: 'n0', containers: [], volumes: [{ name: 'v', secret: { secretName: `${name}-s` } }, { name: 'd', persistentVolumeClaim: { claimName: 'data' } }] },
    ...extra,
  });
  g.putPod({ ...pod('pending'), spec: { containers: [], volumes: [{ name: 'v', secret: { secretName: 'pending-s' } }] } });
  g.putPod(pod('mirror', {}, { annotations: { 'kubernetes.io/config.mirror': 'h' } }));
  g.putPod(pod('done', { status: { phase: 'Succeeded' } }));
  g.putPv(pvOf({ name: 'pv', claim: { ns: 'a', name: 'data' }, csiSecret: { ns: 'st', name: 'stage' }, controllerSecret: 'ctl', rbdSecret: 'rbd' }));
  t.false(g.reaches('secret', 'a', 'pending-s', 'n0'), 'a pod counts once bound');
  t.true(g.reaches('pod', 'a', 'mirror', 'n0'));
  t.false(g.reaches('secret', 'a', 'mirror-s', 'n0'), 'a mirror pod grants nothing beyond itself');
  t.true(g.reaches('secret', 'a', 'done-s', 'n0'), 'a terminal pod keeps its edges until deleted');
  t.true(g.reaches('persistentvolume', '', 'pv', 'n0'));
  t.true(g.reaches('secret', 'st', 'stage', 'n0'));
  t.true(g.reaches('secret', 'a', 'rbd', 'n0'), "an RBD secret without a namespace is the claim's");
  t.false(g.reaches('secret', 'a', 'ctl', 'n0'), 'controller-side CSI secrets are not the kubelet\'s');
  t.false(g.reaches('secret', 'a', 'done-s', 'n1'));
  g.deletePod(pod('done'));
  t.false(g.reaches('secret', 'a', 'done-s', 'n0'));
  t.false(g.reaches('persistentvolume', '', 'pv', 'n0'), 'the mirror pod alone names no claim');
});
