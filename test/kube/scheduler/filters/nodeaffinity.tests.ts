// NodeAffinity: cases from Kubernetes' TestNodeAffinity and TestNodeAffinityPriority, the operator
// table (In/NotIn/Exists/DoesNotExist/Gt/Lt) with Gt/Lt parsing errors, matchFields on
// metadata.name and PreFilter's node-name narrowing.

import test from 'ava';
import type { NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.d.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';
import {
  newNodeAffinity,
  nodeAffinity,
  parseNodeSelectorTerm,
  parsePreferredTerms,
  termMatches,
} from '../../../../actors/kube-scheduler/plugins/nodeaffinity.ts';
import { node, nodeInfo, pod } from './fixtures.ts';

const REASON = "node(s) didn't match Pod's node affinity/selector";
const req = (key: string, operator: string, values?: string[]): NodeSelectorRequirement => ({ key, operator, ...(values && { values }) });
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): Pod =>
  pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } } } });

function run(p: Pod, labels: Record<string, string> | undefined, name = 'node1') {
  const state = new Map<string, unknown>();
  const info = nodeInfo(node(name, {}, labels));
  const pre = nodeAffinity.preFilter(state, p, [info]);
  return { pre, filter: nodeAffinity.filter(state, p, info) };
}

const cases: { title: string; pod: Pod; labels?: Record<string, string>; name?: string; fits: boolean }[] = [
  { title: 'nodeSelector: missing labels', pod: pod({ nodeSelector: { foo: 'bar' } }), fits: false },
  { title: 'nodeSelector: same labels', pod: pod({ nodeSelector: { foo: 'bar' } }), labels: { foo: 'bar' }, fits: true },
  { title: 'nodeSelector: node labels are a superset', pod: pod({ nodeSelector: { foo: 'bar' } }), labels: { foo: 'bar', baz: 'blah' }, fits: true },
  { title: 'nodeSelector: node labels are a subset', pod: pod({ nodeSelector: { foo: 'bar', baz: 'blah' } }), labels: { foo: 'bar' }, fits: false },
  { title: 'In matches', pod: required({ matchExpressions: [req('foo', 'In', ['bar', 'value2'])] }), labels: { foo: 'bar' }, fits: true },
  { title: 'Gt matches kernel-version 0206 > 0204', pod: required({ matchExpressions: [req('kernel-version', 'Gt', ['0204'])] }), labels: { 'kernel-version': '0206' }, fits: true },
  { title: 'NotIn matches another value', pod: required({ matchExpressions: [req('mem-type', 'NotIn', ['DDR', 'DDR2'])] }), labels: { 'mem-type': 'DDR3' }, fits: true },
  { title: 'Exists matches', pod: required({ matchExpressions: [req('GPU', 'Exists')] }), labels: { GPU: 'NVIDIA-GRID-K1' }, fits: true },
  { title: 'In with other values does not match', pod: required({ matchExpressions: [req('foo', 'In', ['value1', 'value2'])] }), labels: { foo: 'bar' }, fits: false },
  { title: 'an empty matchExpressions term matches nothing', pod: required({ matchExpressions: [] }), labels: { foo: 'bar' }, fits: false },
  { title: 'no terms at all match nothing', pod: required(), labels: { foo: 'bar' }, fits: false },
  { title: 'expressions in a term are ANDed (match)', pod: required({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'NotIn', ['AMD', 'INTER'])] }), labels: { GPU: 'NVIDIA-GRID-K1' }, fits: true },
  { title: 'expressions in a term are ANDed (no match)', pod: required({ matchExpressions: [req('GPU', 'Exists'), req('GPU', 'In', ['AMD', 'INTER'])] }), labels: { GPU: 'NVIDIA-GRID-K1' }, fits: false },
  {
    title: 'terms are ORed',
    pod: required({ matchExpressions: [req('foo', 'In', ['bar', 'value2'])] }, { matchExpressions: [req('diffkey', 'In', ['wrong', 'value2'])] }),
    labels: { foo: 'bar' },
    fits: true,
  },
  {
    title: 'nodeSelector and affinity both satisfied',
    pod: { ...required({ matchExpressions: [req('foo', 'Exists')] }), spec: { ...required({ matchExpressions: [req('foo', 'Exists')] }).spec!, nodeSelector: { foo: 'bar' } } },
    labels: { foo: 'bar' },
    fits: true,
  },
  {
    title: 'affinity satisfied but nodeSelector not',
    pod: { ...required({ matchExpressions: [req('foo', 'Exists')] }), spec: { ...required({ matchExpressions: [req('foo', 'Exists')] }).spec!, nodeSelector: { foo: 'bar' } } },
    labels: { foo: 'barrrrrr' },
    fits: false,
  },
  { title: 'an invalid label value makes the term match nothing', pod: required({ matchExpressions: [req('foo', 'NotIn', ['invalid value: ___@#$%^'])] }), labels: { foo: 'bar' }, fits: false },
  { title: 'matchFields metadata.name In matches the node', pod: required({ matchFields: [req('metadata.name', 'In', ['node1'])] }), name: 'node1', fits: true },
  { title: 'matchFields metadata.name In does not match another node', pod: required({ matchFields: [req('metadata.name', 'In', ['node1'])] }), name: 'node2', fits: false },
  {
    title: 'two terms: conflicting matchFields, but matchExpressions matches',
    pod: required({ matchFields: [req('metadata.name', 'In', ['node1']), req('metadata.name', 'In', ['node2'])] }, { matchExpressions: [req('foo', 'In', ['bar'])] }),
    labels: { foo: 'bar' },
    name: 'node2',
    fits: true,
  },
  {
    title: 'one term: matchExpressions matches but matchFields does not',
    pod: required({ matchFields: [req('metadata.name', 'In', ['node1'])], matchExpressions: [req('foo', 'In', ['bar'])] }),
    labels: { foo: 'bar' },
    name: 'node2',
    fits: false,
  },
];

for (const c of cases) {
  test(`NodeAffinity filter: ${c.title}`, (t) => {
    const { filter } = run(c.pod, c.labels, c.name);
    if (c.fits) t.is(filter.code, 'Success');
    else t.deepEqual(filter, { code: 'UnschedulableAndUnresolvable', reasons: [REASON] });
  });
}

test('NodeAffinity preFilter: Skip for a pod without nodeSelector or required affinity', (t) => {
  t.is(run(pod(), { foo: 'bar' }).pre.status.code, 'Skip');
  t.is(run(pod({ affinity: { nodeAffinity: {} } }), { foo: 'bar' }).pre.status.code, 'Skip');
  t.is(run(pod({ nodeSelector: { foo: 'bar' } }), { foo: 'bar' }).pre.status.code, 'Success');
});

test('NodeAffinity preFilter: metadata.name In narrows to those nodes', (t) => {
  const { pre } = run(required({ matchFields: [req('metadata.name', 'In', ['node1'])] }), undefined);
  t.deepEqual(pre, { status: { code: 'Success', reasons: [] }, result: { nodeNames: ['node1'] } });
});

test('NodeAffinity preFilter: names intersect within a term and union across terms, sorted', (t) => {
  const p = required(
    { matchFields: [req('metadata.name', 'In', ['node3', 'node2', 'node1']), req('metadata.name', 'In', ['node2', 'node3'])] },
    { matchFields: [req('metadata.name', 'In', ['node5'])] },
  );
  t.deepEqual(run(p, undefined).pre.result, { nodeNames: ['node2', 'node3', 'node5'] });
});

test('NodeAffinity preFilter: a term without a name requirement means no narrowing', (t) => {
  const p = required({ matchFields: [req('metadata.name', 'In', ['node1'])] }, { matchExpressions: [req('foo', 'Exists')] });
  t.is(run(p, undefined).pre.result, undefined);
});

test('NodeAffinity preFilter: every term names disjoint nodes: "pod affinity terms conflict"', (t) => {
  const p = required({ matchFields: [req('metadata.name', 'In', ['node1']), req('metadata.name', 'In', ['node2'])] });
  t.deepEqual(run(p, undefined).pre.status, { code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] });
});

// The operator table: [operator, values, node labels, matches?]
const ops: [string, string[] | undefined, Record<string, string>, boolean][] = [
  ['In', ['a', 'b'], { k: 'b' }, true],
  ['In', ['a'], {}, false],
  ['NotIn', ['a'], {}, true],
  ['NotIn', ['a'], { k: 'a' }, false],
  ['Exists', undefined, { k: '' }, true],
  ['Exists', undefined, {}, false],
  ['DoesNotExist', undefined, {}, true],
  ['DoesNotExist', undefined, { k: 'x' }, false],
  ['Gt', ['5'], { k: '6' }, true],
  ['Gt', ['5'], { k: '5' }, false],
  ['Gt', ['5'], {}, false],
  ['Gt', ['5'], { k: 'six' }, false],
  ['Lt', ['5'], { k: '-3' }, true],
  ['Lt', ['5'], { k: '5' }, false],
  ['Lt', ['9223372036854775807'], { k: '9223372036854775806' }, true],
];

for (const [op, values, labels, want] of ops) {
  test(`node selector operator ${op} ${JSON.stringify(values ?? [])} on ${JSON.stringify(labels)} → ${want}`, (t) => {
    const term = parseNodeSelectorTerm({ matchExpressions: [req('k', op, values)] });
    t.deepEqual(term.errors, []);
    t.is(termMatches(term, node('n', {}, labels)), want);
  });
}

const parseErrors: [string, string[] | undefined, string][] = [
  ['Gt', ['1.5'], "for 'Gt', 'Lt' operators, the value must be an integer"],
  ['Lt', ['abc'], "for 'Gt', 'Lt' operators, the value must be an integer"],
  ['Gt', ['1', '2'], "for 'Gt', 'Lt' operators, exactly one value is required"],
  ['Lt', ['9223372036854775808'], "for 'Gt', 'Lt' operators, the value must be an integer"],
  ['In', [], "for 'in', 'notin' operators, values set can't be empty"],
  ['Exists', ['x'], 'values set must be empty for exists and does not exist'],
  ['Like', ['x'], 'Unsupported value: "Like"'],
];

for (const [op, values, message] of parseErrors) {
  test(`node selector parse error: ${op} ${JSON.stringify(values ?? [])}`, (t) => {
    const term = parseNodeSelectorTerm({ matchExpressions: [req('k', op, values)] });
    t.true(term.errors.length > 0 && term.errors.join('\n').includes(message), term.errors.join('\n'));
    t.false(termMatches(term, node('n', {}, { k: '7' })), 'a term with a parse error matches nothing');
  });
}

test('a term that fails to parse does not stop another term from matching', (t) => {
  const { filter } = run(required({ matchExpressions: [req('k', 'Gt', ['x'])] }, { matchExpressions: [req('k', 'Exists')] }), { k: '1' });
  t.is(filter.code, 'Success');
});

test('matchFields accepts only In/NotIn with exactly one value', (t) => {
  t.true(parseNodeSelectorTerm({ matchFields: [req('metadata.name', 'In', ['a', 'b'])] }).errors[0]!.includes('must have one element'));
  t.true(parseNodeSelectorTerm({ matchFields: [req('metadata.name', 'Exists')] }).errors[0]!.includes('supported values: "In", "NotIn"'));
  const notIn = parseNodeSelectorTerm({ matchFields: [req('metadata.name', 'NotIn', ['node1'])] });
  t.false(termMatches(notIn, node('node1')));
  t.true(termMatches(notIn, node('node2')));
});

const preferred = (...terms: PreferredSchedulingTerm[]): Pod => pod({ affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } } });

function scores(p: Pod, nodes: [string, Record<string, string>][]) {
  const state = new Map<string, unknown>();
  const infos = nodes.map(([name, labels]) => nodeInfo(node(name, {}, labels)));
  const status = nodeAffinity.preScore(state, p, infos);
  if (status.code !== 'Success') return status.code;
  const raw = infos.map((n) => ({ name: n.node.metadata!.name!, score: nodeAffinity.score(state, p, n).score }));
  return nodeAffinity.normalize!(state, p, raw).map((s) => s.score);
}

const affinity1: PreferredSchedulingTerm = { weight: 2, preference: { matchExpressions: [req('foo', 'In', ['bar'])] } };
const affinity2: PreferredSchedulingTerm[] = [
  affinity1,
  { weight: 4, preference: { matchExpressions: [req('key', 'In', ['value'])] } },
  { weight: 5, preference: { matchExpressions: [req('foo', 'In', ['bar']), req('key', 'In', ['value']), req('az', 'In', ['az1'])] } },
];
const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };

test('NodeAffinity score: no preferred affinity: PreScore skips', (t) => {
  t.is(scores(pod(), [['node1', label1]]), 'Skip');
});

test('NodeAffinity score: preferred terms matching no node give all zero', (t) => {
  t.deepEqual(scores(preferred(affinity1), [['node1', { az: 'az1' }], ['node2', { key: 'value' }], ['node3', { az: 'az2' }]]), [0, 0, 0]);
});

test('NodeAffinity score: only the matching node gets 100', (t) => {
  t.deepEqual(scores(preferred(affinity1), [['node1', label1], ['node2', label2], ['node3', { az: 'az2' }]]), [100, 0, 0]);
});

test('NodeAffinity score: summed weights normalized (Kubernetes: 18, 36, 100)', (t) => {
  t.deepEqual(scores(preferred(...affinity2), [['node1', label1], ['node5', label5], ['node2', label2]]), [18, 100, 36]);
});

test('NodeAffinity score: zero-weight and empty terms are dropped; a parse error is an Error status', (t) => {
  const parsed = parsePreferredTerms([{ weight: 0, preference: { matchExpressions: [req('k', 'Gt', ['x'])] } }, { weight: 3, preference: {} }]);
  t.deepEqual(parsed, { ok: true, value: [] });
  t.is(scores(preferred({ weight: 1, preference: { matchExpressions: [req('k', 'Gt', ['x'])] } }), [['n', {}]]), 'Error');
});

test('NodeAffinity addedAffinity: required filters with its own reason, preferred adds to the score', (t) => {
  const made = newNodeAffinity({
    addedAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [req('zone', 'In', ['foo'])] }] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 5, preference: { matchExpressions: [req('zone', 'In', ['foo'])] } }],
    },
  });
  if (!made.ok) return t.fail(made.error);
  const pl = made.value;
  const state = new Map<string, unknown>();
  const p = pod();
  t.is(pl.preFilter(state, p, []).status.code, 'Success');
  t.deepEqual(pl.filter(state, p, nodeInfo(node('a', {}, { zone: 'bar' }))), { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match scheduler-enforced node affinity"] });
  t.is(pl.filter(state, p, nodeInfo(node('b', {}, { zone: 'foo' }))).code, 'Success');
  t.is(pl.preScore(state, p, []).code, 'Success');
  t.is(pl.score(state, p, nodeInfo(node('b', {}, { zone: 'foo' }))).score, 5);
  const bad = newNodeAffinity({ addedAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [req('zone', 'Gt', ['x'])] }] } } });
  t.false(bad.ok);
});
