import test from 'ava';
import type { ControllerRevision, Node, Pod, StatefulSet } from '../../../../protocols/kube/objects.ts';
import { computeTemplateHash, fnv32, hashRevisionData, safeEncode } from '../../../../actors/kube-controller-manager/history/hash.ts';
import { controllerRevisionName, templatePatch } from '../../../../actors/kube-controller-manager/history/revisions.ts';
import { daemonTolerations, nodeShouldRunDaemonPod, tolerates } from '../../../../actors/kube-controller-manager/daemonset/eligibility.ts';
import { scaled } from '../../../../actors/kube-controller-manager/daemonset/view.ts';
import { parentAndOrdinal } from '../../../../actors/kube-controller-manager/statefulset/identity.ts';
import { setRevisions } from '../../../../actors/kube-controller-manager/statefulset/revisions.ts';
import { statefulSetController } from '../../../../actors/kube-controller-manager/statefulset/controller.ts';
import { daemonSetController, daemonSetWritten } from '../../../../actors/kube-controller-manager/daemonset/controller.ts';
import { daemonSetMemory } from '../../../../actors/kube-controller-manager/daemonset/memory.ts';
import { statefulSetMemory, statefulSetWritten } from '../../../../actors/kube-controller-manager/statefulset/events.ts';
import { drain } from '../../../../actors/kube-controller-manager/history/pending-events.ts';
import { createCall, deleteCall } from '../../../../actors/client/index.ts';

const bytes = (s: string) => [...new TextEncoder().encode(s)];

test('apps cores: FNV-32 and FNV-32a give the published test vectors', (t) => {
  t.is(fnv32(bytes(''), true), 0x811c9dc5);
  t.is(fnv32(bytes('a'), true), 0xe40c292c);
  t.is(fnv32(bytes('foobar'), true), 0xbf9cf968);
  t.is(fnv32(bytes('a'), false), 0x050c5d7e);
  t.is(fnv32(bytes('foobar'), false), 0x31f0b262);
});

test('apps cores: hashes are spelled without vowels and depend on the collision count', (t) => {
  t.is(safeEncode('0123456789'), '456789bcdf');
  t.regex(hashRevisionData({ a: 1 }), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  t.is(hashRevisionData({ a: 1, b: 2 }), hashRevisionData({ b: 2, a: 1 }), 'key order does not matter');
  t.not(hashRevisionData({ a: 1 }, 0), hashRevisionData({ a: 1 }, 1));
  t.not(computeTemplateHash({ a: 1 }, 0), computeTemplateHash({ a: 1 }, 1));
  t.is(controllerRevisionName('x'.repeat(300), 'abc').length, 223 + 4);
});

test('apps cores: pod names parse to parent and ordinal as getParentNameAndOrdinal does', (t) => {
  t.deepEqual(parentAndOrdinal('web-0'), { parent: 'web', ordinal: 0 });
  t.deepEqual(parentAndOrdinal('my-web-12'), { parent: 'my-web', ordinal: 12 });
  t.is(parentAndOrdinal('web').ordinal, -1);
  t.is(parentAndOrdinal('web-x').ordinal, -1);
});

test('apps cores: a revision name taken by other data is a collision that raises collisionCount', (t) => {
  const set = { metadata: { name: 'web', namespace: 'default', uid: 'u1' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [] } } }, status: { collisionCount: 2 } } as unknown as StatefulSet;
  const fresh = setRevisions(set, []);
  t.false(fresh.collision);
  if (fresh.collision) return;
  const squatter = { ...fresh.update, data: templatePatch({ other: true }), revision: 1 } as ControllerRevision;
  const clash = setRevisions(set, [squatter]);
  t.deepEqual(clash, { collision: true, collisionCount: 3 });
});

test('apps cores: GetScaledValueFromIntOrPercent rounds percentages up', (t) => {
  t.is(scaled('10%', 5), 1);
  t.is(scaled('50%', 5), 3);
  t.is(scaled('100%', 4), 4);
  t.is(scaled(2, 10), 2);
  t.is(scaled(undefined, 10), 0);
});

test('apps cores: tolerations match taints as v1helper ToleratesTaint', (t) => {
  const taint = { key: 'k', value: 'v', effect: 'NoSchedule' };
  const cases: [object, boolean][] = [
    [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }, true],
    [{ key: 'k', value: 'v' }, true],
    [{ key: 'k', operator: 'Equal', value: 'w' }, false],
    [{ key: 'k', operator: 'Exists' }, true],
    [{ operator: 'Exists' }, true],
    [{ key: 'k', operator: 'Exists', effect: 'NoExecute' }, false],
    [{ key: 'other', operator: 'Exists' }, false],
  ];
  for (const [tol, want] of cases) t.is(tolerates(tol as never, taint as never), want, JSON.stringify(tol));
});

test('apps cores: the daemon tolerations replace a user toleration of the same key and effect and add network-unavailable for hostNetwork', (t) => {
  const mine = daemonTolerations({ containers: [], hostNetwork: true, tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }] });
  t.is(mine.filter((x) => x.key === 'node.kubernetes.io/not-ready').length, 1);
  t.is(mine.find((x) => x.key === 'node.kubernetes.io/not-ready')!.tolerationSeconds, undefined);
  t.true(mine.some((x) => x.key === 'node.kubernetes.io/network-unavailable' && x.effect === 'NoSchedule'));
  t.false(daemonTolerations({ containers: [] }).some((x) => x.key === 'node.kubernetes.io/network-unavailable'));
});

test('apps cores: nodeShouldRunDaemonPod over selectors, affinity operators, nodeName and taints', (t) => {
  const n = (labels: Record<string, string>, taints: object[] = [], name = 'n1') => ({ metadata: { name, labels }, spec: { taints } }) as unknown as Node;
  const spec = (extra: object) => ({ containers: [], ...extra }) as NonNullable<Pod['spec']>;
  const req = (op: string, values?: string[]) => spec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cpu', operator: op, ...(values ? { values } : {}) }] }] } } } });
  const cases: [string, NonNullable<Pod['spec']>, Node, boolean, boolean][] = [
    ['plain', spec({}), n({}), true, true],
    ['selector match', spec({ nodeSelector: { a: 'b' } }), n({ a: 'b' }), true, true],
    ['selector miss', spec({ nodeSelector: { a: 'b' } }), n({ a: 'c' }), false, false],
    ['In', req('In', ['4', '8']), n({ cpu: '8' }), true, true],
    ['NotIn', req('NotIn', ['8']), n({ cpu: '8' }), false, false],
    ['Exists', req('Exists'), n({}), false, false],
    ['DoesNotExist', req('DoesNotExist'), n({}), true, true],
    ['Gt', req('Gt', ['4']), n({ cpu: '8' }), true, true],
    ['Lt', req('Lt', ['4']), n({ cpu: '8' }), false, false],
    ['nodeName other', spec({ nodeName: 'n2' }), n({}), false, false],
    ['NoSchedule taint', spec({}), n({}, [{ key: 'x', effect: 'NoSchedule' }]), false, true],
    ['NoExecute taint', spec({}), n({}, [{ key: 'x', effect: 'NoExecute' }]), false, false],
    ['PreferNoSchedule ignored', spec({}), n({}, [{ key: 'x', effect: 'PreferNoSchedule' }]), true, true],
    ['unreachable tolerated', spec({}), n({}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]), true, true],
    ['memory-pressure tolerated', spec({}), n({}, [{ key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' }]), true, true],
  ];
  for (const [name, s, node, run, keep] of cases) t.deepEqual(nodeShouldRunDaemonPod(s, node), { shouldRun: run, shouldContinueRunning: keep }, name);
});

test('apps cores: the ControllerDefs run as their own service accounts without leader election of their own', (t) => {
  const asked: string[] = [];
  const ctx = { client: (n: string) => (asked.push(n), { hosts: ['a'], token: `t-${n}` }), epochMs: 0, clusterCIDRs: [], serviceCIDRs: [], nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 }, rootCA: '' } as never;
  for (const def of [statefulSetController, daemonSetController] as const) {
    const spec = (def as { spec: (c: never) => { component?: string; leaderElection?: unknown; client: { token: string }; informers: readonly { resource: string }[] } }).spec(ctx);
    t.is(spec.component, def.name);
    t.is(spec.client.token, `t-${def.name}`);
    t.is(spec.leaderElection, undefined);
    t.true(spec.informers.some((i) => i.resource === 'controllerrevisions'));
  }
  t.deepEqual(asked, ['statefulset-controller', 'daemon-set-controller']);
});

const fail = (code: number, reason: string, message: string) => ({ ok: false, code, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, metadata: {} } }) as never;
const ok = (body: object) => ({ ok: true, code: 201, body }) as never;
const ref = { kind: 'X', name: 'web' };

test('apps cores: StatefulSet Events are worded from the answers, AlreadyExists is silent', (t) => {
  const m = statefulSetMemory();
  m.refs['default/web'] = ref;
  const podCall = createCall({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' } } as never);
  const claimCall = createCall({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'www-web-0', namespace: 'default' } } as never);
  statefulSetWritten('default/web', claimCall, ok({}), m);
  statefulSetWritten('default/web', podCall, ok({}), m);
  statefulSetWritten('default/web', podCall, fail(409, 'AlreadyExists', 'pods "web-0" already exists'), m);
  statefulSetWritten('default/web', podCall, fail(403, 'Forbidden', 'pods "web-0" is forbidden: exceeded quota'), m);
  statefulSetWritten('default/web', claimCall, fail(403, 'Forbidden', 'nope'), m);
  statefulSetWritten('default/web', deleteCall('pods', 'web-2', { namespace: 'default' }), ok({}), m);
  t.deepEqual(
    drain(m, 'default/web').map((e) => `${e.type} ${e.reason} ${e.message}`),
    [
      'Normal SuccessfulCreate create Claim www-web-0 Pod web-0 in StatefulSet web success',
      'Normal SuccessfulCreate create Pod web-0 in StatefulSet web successful',
      'Warning FailedCreate create Pod web-0 in StatefulSet web failed error: pods "web-0" is forbidden: exceeded quota',
      'Warning FailedCreate create Claim www-web-0 for Pod web-0 in StatefulSet web failed error: nope',
      'Normal SuccessfulDelete delete Pod web-2 in StatefulSet web successful',
    ],
  );
  t.deepEqual(drain(m, 'default/web'), [], 'handed out once');
});

test('apps cores: DaemonSet Events are worded as RealPodControl words them and failed writes stop being expected', (t) => {
  const m = daemonSetMemory();
  m.refs['default/agent'] = ref;
  m.expectations['default/agent'] = { add: 2, del: 1, at: 0 };
  const create = createCall({ apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'agent-', namespace: 'default' } } as never);
  daemonSetWritten('default/agent', create, ok({ metadata: { name: 'agent-abcde' } }), m);
  daemonSetWritten('default/agent', create, fail(403, 'Forbidden', 'quota'), m);
  daemonSetWritten('default/agent', deleteCall('pods', 'agent-zzzzz', { namespace: 'default' }), fail(404, 'NotFound', 'gone'), m);
  t.deepEqual(drain(m, 'default/agent').map((e) => `${e.reason} ${e.message}`), ['SuccessfulCreate Created pod: agent-abcde', 'FailedCreate Error creating: quota']);
  t.like(m.expectations['default/agent'], { add: 1, del: 0 });
});
