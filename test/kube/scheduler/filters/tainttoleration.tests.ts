// TaintToleration: Kubernetes' TestTaintTolerationFilter/Score cases (1.32 wording) and a property
// check of toleration matching against an oracle written from the API documentation's rules.

import test from 'ava';
import fc from 'fast-check';
import type { Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import type { NodeScore } from '../../../../actors/kube-scheduler/framework/types.ts';
import { defaultNormalizeScore } from '../../../../actors/kube-scheduler/framework/normalize.ts';
import { taintToleration, toleratesTaint } from '../../../../actors/kube-scheduler/plugins/tainttoleration.ts';
import { node, nodeInfo, pod } from './fixtures.ts';

const filter = (tolerations: Toleration[], taints: Taint[]) => taintToleration.filter(new Map(), pod({ tolerations }), nodeInfo(node('nodeA', { taints })));

const filterCases: { title: string; tolerations: Toleration[]; taints: Taint[]; reason?: string }[] = [
  {
    title: 'no tolerations: a NoSchedule taint rejects the node',
    tolerations: [],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    reason: 'node(s) had untolerated taint {dedicated: user1}',
  },
  { title: 'toleration with the same key, value and effect', tolerations: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] },
  {
    title: 'Equal toleration with another value',
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
    taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }],
    reason: 'node(s) had untolerated taint {dedicated: user1}',
  },
  { title: 'Exists toleration tolerates any value', tolerations: [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }] },
  {
    title: 'several tolerations tolerate all of several taints',
    tolerations: [
      { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    ],
    taints: [
      { key: 'dedicated', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', value: 'bar', effect: 'NoSchedule' },
    ],
  },
  {
    title: 'matching key and value but another (non-empty) effect',
    tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }],
    taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }],
    reason: 'node(s) had untolerated taint {foo: bar}',
  },
  { title: 'an empty effect tolerates NoSchedule', tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }], taints: [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }] },
  { title: 'PreferNoSchedule taints never filter (with a toleration)', tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }] },
  { title: 'PreferNoSchedule taints never filter (no toleration)', tolerations: [], taints: [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }] },
  {
    title: 'a NoExecute taint filters too, and a valueless taint prints "{key: }"',
    tolerations: [],
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoExecute' }],
    reason: 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
  },
  {
    title: 'the first untolerated taint in node order is the one named',
    tolerations: [{ key: 'a', operator: 'Exists' }],
    taints: [
      { key: 'a', value: '1', effect: 'NoSchedule' },
      { key: 'b', value: '2', effect: 'NoExecute' },
      { key: 'c', value: '3', effect: 'NoSchedule' },
    ],
    reason: 'node(s) had untolerated taint {b: 2}',
  },
  { title: 'an empty key with Exists tolerates every taint', tolerations: [{ operator: 'Exists' }], taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] },
  { title: 'Gt is not a toleration operator in 1.32', tolerations: [{ key: 'sla', operator: 'Gt', value: '750', effect: 'NoSchedule' }], taints: [{ key: 'sla', value: '950', effect: 'NoSchedule' }], reason: 'node(s) had untolerated taint {sla: 950}' },
];

for (const c of filterCases) {
  test(`TaintToleration filter: ${c.title}`, (t) => {
    const status = filter(c.tolerations, c.taints);
    if (c.reason === undefined) t.is(status.code, 'Success');
    else t.deepEqual(status, { code: 'UnschedulableAndUnresolvable', reasons: [c.reason] });
  });
}

function scoreAll(tolerations: Toleration[], nodes: [string, Taint[]][]): NodeScore[] {
  const state = new Map<string, unknown>();
  const p = pod({ tolerations });
  const infos = nodes.map(([name, taints]) => nodeInfo(node(name, { taints })));
  taintToleration.preScore(state, p, infos);
  const raw = infos.map((n) => ({ name: n.node.metadata!.name!, score: taintToleration.score(state, p, n).score }));
  return taintToleration.normalize!(state, p, raw);
}

const arm = { key: 'cpu-type', value: 'arm64', effect: 'PreferNoSchedule' } as const;
const ssd = { key: 'disk-type', value: 'ssd', effect: 'PreferNoSchedule' } as const;

test('TaintToleration score: a tolerated taint scores above an intolerable one', (t) => {
  const got = scoreAll([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], [
    ['nodeA', [{ key: 'foo', value: 'bar', effect: 'PreferNoSchedule' }]],
    ['nodeB', [{ key: 'foo', value: 'blah', effect: 'PreferNoSchedule' }]],
  ]);
  t.deepEqual(got, [{ name: 'nodeA', score: 100 }, { name: 'nodeB', score: 0 }]);
});

test('TaintToleration score: how many tolerated taints a node has does not matter', (t) => {
  const got = scoreAll([{ ...arm, operator: 'Equal' }, { ...ssd, operator: 'Equal' }], [['nodeA', []], ['nodeB', [arm]], ['nodeC', [arm, ssd]]]);
  t.deepEqual(got.map((s) => s.score), [100, 100, 100]);
});

test('TaintToleration score: the more intolerable taints, the lower the score', (t) => {
  const got = scoreAll([{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], [['nodeA', []], ['nodeB', [arm]], ['nodeC', [arm, ssd]]]);
  t.deepEqual(got.map((s) => s.score), [100, 50, 0]);
});

test('TaintToleration score: only PreferNoSchedule taints and tolerations count', (t) => {
  const got = scoreAll(
    [
      { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
      { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
    ],
    [['nodeA', []], ['nodeB', [{ ...arm, effect: 'NoSchedule' }]], ['nodeC', [arm, ssd]]],
  );
  t.deepEqual(got.map((s) => s.score), [100, 100, 0]);
});

test('TaintToleration score: no tolerations lands on the untainted node', (t) => {
  t.deepEqual(scoreAll([], [['nodeA', []], ['nodeB', [arm]]]).map((s) => s.score), [100, 0]);
});

test('defaultNormalizeScore: integer division as Go does, reversed or not, all-zero cases', (t) => {
  const s = (...xs: number[]) => xs.map((score, i) => ({ name: `n${i}`, score }));
  t.deepEqual(defaultNormalizeScore(100, false, s(1, 2, 3)).map((x) => x.score), [33, 66, 100]);
  t.deepEqual(defaultNormalizeScore(100, true, s(1, 2, 3)).map((x) => x.score), [67, 34, 0]);
  t.deepEqual(defaultNormalizeScore(100, false, s(0, 0)).map((x) => x.score), [0, 0]);
  t.deepEqual(defaultNormalizeScore(100, true, s(0, 0)).map((x) => x.score), [100, 100]);
});

// The oracle restates the documented rules independently: an empty effect matches all effects;
// an empty key with Exists matches every taint; Exists ignores the value, Equal needs it equal.
function oracle(t: Toleration, taint: Taint): boolean {
  const effectOk = (t.effect ?? '') === '' || t.effect === taint.effect;
  const keyOk = (t.key ?? '') === '' || t.key === taint.key;
  const op = t.operator || 'Equal'; // an empty operator is Equal
  const valueOk = op === 'Exists' || (op === 'Equal' && (t.value ?? '') === (taint.value ?? ''));
  return effectOk && keyOk && valueOk;
}

const small = (xs: string[]) => fc.constantFrom(...xs);
const effect = small(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const arbTaint: fc.Arbitrary<Taint> = fc.record({ key: small(['a', 'b']), value: fc.option(small(['', 'x', 'y']), { nil: undefined }), effect });
const arbToleration: fc.Arbitrary<Toleration> = fc.record(
  {
    key: small(['', 'a', 'b']),
    operator: small(['Equal', 'Exists', '']),
    value: small(['', 'x', 'y']),
    effect: fc.oneof(effect, fc.constant('')),
  },
  { requiredKeys: [] },
);

test('toleratesTaint agrees with the documented rules on every small toleration/taint pair', (t) => {
  fc.assert(fc.property(arbToleration, arbTaint, (tol, taint) => toleratesTaint(tol, taint) === oracle(tol, taint)), { numRuns: 2000 });
  t.pass();
});

test('Filter passes exactly when every NoSchedule/NoExecute taint has some tolerating toleration (oracle)', (t) => {
  fc.assert(
    fc.property(fc.array(arbToleration, { maxLength: 3 }), fc.array(arbTaint, { maxLength: 4 }), (tols, taints) => {
      const want = taints.every((x) => x.effect === 'PreferNoSchedule' || tols.some((tol) => oracle(tol, x)));
      return (filter(tols, taints).code === 'Success') === want;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});
