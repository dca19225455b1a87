// A property check of required node affinity against an oracle written from the API reference:
// terms ORed, requirements within a term ANDed, Gt/Lt comparing integers, an empty term or an
// unparsable requirement making its term match nothing.

import test from 'ava';
import fc from 'fast-check';
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1.d.ts';
import { nodeAffinity } from '../../../../actors/kube-scheduler/plugins/nodeaffinity.ts';
import { node, nodeInfo, pod } from './fixtures.ts';

const isInt = (s: string): boolean => /^-?[0-9]+$/.test(s);

/** undefined: the requirement does not parse. */
function reqOracle(r: NodeSelectorRequirement, labels: Record<string, string>): boolean | undefined {
  const values = r.values ?? [];
  // Values must be valid label values, so "-3" (a leading dash) fails to parse even for Gt/Lt.
  if (!values.every((x) => /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(x))) return undefined;
  const has = Object.hasOwn(labels, r.key);
  const v = labels[r.key];
  switch (r.operator) {
    case 'In':
      return values.length === 0 ? undefined : has && values.includes(v!);
    case 'NotIn':
      return values.length === 0 ? undefined : !has || !values.includes(v!);
    case 'Exists':
      return values.length !== 0 ? undefined : has;
    case 'DoesNotExist':
      return values.length !== 0 ? undefined : !has;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1 || !isInt(values[0]!)) return undefined;
      if (!has || !isInt(v!)) return false;
      return r.operator === 'Gt' ? Number(v) > Number(values[0]) : Number(v) < Number(values[0]);
    default:
      return undefined;
  }
}

function termOracle(term: NodeSelectorTerm, labels: Record<string, string>): boolean {
  const exprs = term.matchExpressions ?? [];
  if (exprs.length === 0) return false;
  const results = exprs.map((r) => reqOracle(r, labels));
  return !results.includes(undefined) && results.every(Boolean);
}

const value = fc.constantFrom('x', 'y', '1', '2', '10', '-3');
const arbReq: fc.Arbitrary<NodeSelectorRequirement> = fc.record({
  key: fc.constantFrom('a', 'b'),
  operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'),
  values: fc.array(value, { maxLength: 2 }),
});
const arbTerm: fc.Arbitrary<NodeSelectorTerm> = fc.record({ matchExpressions: fc.array(arbReq, { maxLength: 3 }) });
const arbLabels = fc.dictionary(fc.constantFrom('a', 'b', 'c'), value);

test('NodeAffinity filter agrees with the documented term semantics (oracle)', (t) => {
  fc.assert(
    fc.property(fc.array(arbTerm, { maxLength: 3 }), arbLabels, (terms, labels) => {
      const p = pod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
      const state = new Map<string, unknown>();
      const info = nodeInfo(node('n', {}, labels));
      nodeAffinity.preFilter(state, p, [info]);
      return (nodeAffinity.filter(state, p, info).code === 'Success') === terms.some((term) => termOracle(term, labels));
    }),
    { numRuns: 1500 },
  );
  t.pass();
});
