// NodeAffinity (Kubernetes 1.32): the pod's nodeSelector and requiredDuringScheduling node
// affinity filter nodes; preferredDuringScheduling terms score them by the sum of the weights of
// the terms a node matches, normalized so the best node gets 100. Node selector terms are ORed,
// a term's requirements ANDed; an empty term matches nothing. A term that fails to parse (a bad
// operator, a Gt value that is not an integer) matches nothing either, without failing the pod,
// which is how Kubernetes keeps old pods schedulable.

import type { Node, NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.d.ts';
import { FieldPath, fieldError, formatFieldError } from '../../../protocols/kube/field-errors.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import { type LabelSelector, type Requirement, matchesLabels, newRequirement, selectorFromSet, selectorOf } from '../../../protocols/kube/validation/label-selector.ts';
import {
  type CycleState,
  type FilterPlugin,
  MAX_NODE_SCORE,
  type NodeInfo,
  type NodeScore,
  type PluginStatus,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  SUCCESS,
  type ScorePlugin,
} from '../framework/types.ts';
import { defaultNormalizeScore } from '../framework/normalize.ts';

export const NODE_AFFINITY = 'NodeAffinity';
export const NODE_AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";
export const NODE_AFFINITY_ENFORCED_REASON = "node(s) didn't match scheduler-enforced node affinity";
export const NODE_AFFINITY_CONFLICT_REASON = 'pod affinity terms conflict';
const PRE_FILTER_KEY = `PreFilter${NODE_AFFINITY}`;
const PRE_SCORE_KEY = `PreScore${NODE_AFFINITY}`;
const NAME_FIELD = 'metadata.name';

interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
}

export interface ParsedTerm {
  readonly labels?: LabelSelector;
  readonly fields?: readonly FieldRequirement[];
  readonly errors: readonly string[];
}

const LABEL_OPERATORS: Readonly<Record<string, Requirement['operator']>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' };

function parseExpressions(reqs: readonly NodeSelectorRequirement[], path: FieldPath): { selector?: LabelSelector; errors: string[] } {
  const errors: string[] = [];
  const requirements: Requirement[] = [];
  reqs.forEach((r, i) => {
    const p = path.index(i);
    const op = LABEL_OPERATORS[r.operator];
    if (!op) {
      errors.push(formatFieldError(fieldError.notSupported(p.child('operator'), r.operator, Object.keys(LABEL_OPERATORS))));
      return;
    }
    const parsed = newRequirement(r.key, op, r.values ?? [], p);
    if (parsed.ok) requirements.push(parsed.value);
    else errors.push(parsed.error);
  });
  return errors.length > 0 ? { errors } : { selector: selectorOf(requirements), errors };
}

function parseFields(reqs: readonly NodeSelectorRequirement[], path: FieldPath): { fields?: FieldRequirement[]; errors: string[] } {
  const errors: string[] = [];
  const fields: FieldRequirement[] = [];
  reqs.forEach((r, i) => {
    const p = path.index(i);
    if (r.operator !== 'In' && r.operator !== 'NotIn') {
      errors.push(formatFieldError(fieldError.notSupported(p.child('operator'), r.operator, ['In', 'NotIn'])));
    } else if ((r.values ?? []).length !== 1) {
      errors.push(formatFieldError(fieldError.invalid(p.child('values'), r.values ?? [], 'must have one element')));
    } else {
      fields.push({ key: r.key, equal: r.operator === 'In', value: r.values![0]! });
    }
  });
  return errors.length > 0 ? { errors } : { fields, errors };
}

const isEmptyTerm = (t: NodeSelectorTerm): boolean => (t.matchExpressions ?? []).length === 0 && (t.matchFields ?? []).length === 0;

export function parseNodeSelectorTerm(term: NodeSelectorTerm, path: FieldPath = FieldPath.none): ParsedTerm {
  const exprs = term.matchExpressions ?? [];
  const flds = term.matchFields ?? [];
  const labels = exprs.length > 0 ? parseExpressions(exprs, path.child('matchExpressions')) : { errors: [] };
  const fields = flds.length > 0 ? parseFields(flds, path.child('matchFields')) : { errors: [] };
  return { ...labels.selector && { labels: labels.selector }, ...fields.fields && { fields: fields.fields }, errors: [...labels.errors, ...fields.errors] };
}

/** A term's match; a term with parse errors matches nothing. Fields count only for a node with a name, as Kubernetes extracts them. */
export function termMatches(term: ParsedTerm, node: Node): boolean {
  if (term.errors.length > 0) return false;
  if (term.labels && !matchesLabels(term.labels, node.metadata?.labels ?? {})) return false;
  const name = node.metadata?.name ?? '';
  if (term.fields && name !== '') {
    const get = (key: string): string => (key === NAME_FIELD ? name : '');
    if (!term.fields.every((f) => (get(f.key) === f.value) === f.equal)) return false;
  }
  return true;
}

/** LazyErrorNodeSelector: empty terms are dropped, the rest kept with their parse errors. */
export function parseNodeSelector(ns: NodeSelector, path: FieldPath = FieldPath.none): ParsedTerm[] {
  const at = path.child('nodeSelectorTerms');
  return (ns.nodeSelectorTerms ?? []).flatMap((t, i) => (isEmptyTerm(t) ? [] : [parseNodeSelectorTerm(t, at.index(i))]));
}

export const nodeSelectorMatches = (terms: readonly ParsedTerm[], node: Node): boolean => terms.some((t) => termMatches(t, node));

/** nodeaffinity.RequiredNodeAffinity: the pod's nodeSelector map ANDed with its required node affinity. */
export interface RequiredNodeAffinity {
  readonly labelSelector?: LabelSelector;
  readonly nodeSelector?: readonly ParsedTerm[];
}

export function requiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const map = pod.spec?.nodeSelector ?? {};
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    ...(Object.keys(map).length > 0 && { labelSelector: selectorFromSet(map) }),
    ...(required && { nodeSelector: parseNodeSelector(required) }),
  };
}

export function requiredNodeAffinityMatches(req: RequiredNodeAffinity, node: Node): boolean {
  if (req.labelSelector && !matchesLabels(req.labelSelector, node.metadata?.labels ?? {})) return false;
  return req.nodeSelector ? nodeSelectorMatches(req.nodeSelector, node) : true;
}

export interface WeightedTerm {
  readonly term: ParsedTerm;
  readonly weight: number;
}

/** NewPreferredSchedulingTerms: zero-weight and empty terms are dropped; any parse error fails the whole list. */
export function parsePreferredTerms(terms: readonly PreferredSchedulingTerm[]): { ok: true; value: WeightedTerm[] } | { ok: false; error: string } {
  const errors: string[] = [];
  const value: WeightedTerm[] = [];
  terms.forEach((t, i) => {
    if (t.weight === 0 || isEmptyTerm(t.preference)) return;
    const term = parseNodeSelectorTerm(t.preference, FieldPath.none.index(i));
    if (term.errors.length > 0) errors.push(...term.errors);
    else value.push({ term, weight: t.weight });
  });
  // errors.NewAggregate prints one error alone and several in brackets.
  if (errors.length > 0) return { ok: false, error: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
  return { ok: true, value };
}

export const preferredScore = (terms: readonly WeightedTerm[], node: Node): number =>
  terms.reduce((sum, t) => (termMatches(t.term, node) ? sum + t.weight : sum), 0);

/** The narrowing PreFilter offers: union over terms of the intersection of each term's metadata.name In values; undefined when some term does not name nodes. */
export function nodeNamesFromAffinity(terms: readonly NodeSelectorTerm[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const t of terms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== NAME_FIELD || r.operator !== 'In') continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    names = new Set([...(names ?? []), ...termNames]);
  }
  return names;
}

export interface NodeAffinityArgs {
  /** NodeAffinityArgs.addedAffinity: a profile's affinity that every pod gets on top of its own. */
  readonly addedAffinity?: NodeAffinity;
}

type NodeAffinityPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

/** The plugin for a profile's args; a bad addedAffinity is the profile's error, as in New(). */
export function newNodeAffinity(args: NodeAffinityArgs = {}): { ok: true; value: NodeAffinityPlugin } | { ok: false; error: string } {
  const addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const added = addedRequired ? parseNodeSelector(addedRequired) : undefined;
  const addedErrors = (added ?? []).flatMap((t) => t.errors);
  if (addedErrors.length > 0) return { ok: false, error: `parsing addedAffinity.requiredDuringSchedulingIgnoredDuringExecution: ${addedErrors.join(', ')}` };
  const addedPreferredRaw = args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const addedPreferredParsed = parsePreferredTerms(addedPreferredRaw);
  if (!addedPreferredParsed.ok) return { ok: false, error: `parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: ${addedPreferredParsed.error}` };
  const addedPreferred = addedPreferredRaw.length > 0 ? addedPreferredParsed.value : undefined;

  const podPreferred = (pod: Pod) => {
    const terms = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return terms ? parsePreferredTerms(terms) : undefined;
  };

  const plugin: NodeAffinityPlugin = {
    name: NODE_AFFINITY,

    preFilter(state: CycleState, pod: Pod) {
      const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!required && !added && !pod.spec?.nodeSelector) return { status: { code: 'Skip', reasons: [] } };
      state.set(PRE_FILTER_KEY, requiredNodeAffinity(pod));
      const terms = required?.nodeSelectorTerms ?? [];
      if (terms.length === 0) return { status: SUCCESS };
      const names = nodeNamesFromAffinity(terms);
      if (names && names.size === 0) return { status: { code: 'UnschedulableAndUnresolvable', reasons: [NODE_AFFINITY_CONFLICT_REASON] } };
      // Sorted: the runner iterates the result, and Go's set order must not leak into a seeded run.
      const result: PreFilterResult | undefined = names ? { nodeNames: [...names].sort() } : undefined;
      return { status: SUCCESS, ...(result && { result }) };
    },

    filter(state: CycleState, pod: Pod, node: NodeInfo): PluginStatus {
      if (added && !nodeSelectorMatches(added, node.node)) return { code: 'UnschedulableAndUnresolvable', reasons: [NODE_AFFINITY_ENFORCED_REASON] };
      const req = (state.get(PRE_FILTER_KEY) as RequiredNodeAffinity | undefined) ?? requiredNodeAffinity(pod);
      return requiredNodeAffinityMatches(req, node.node) ? SUCCESS : { code: 'UnschedulableAndUnresolvable', reasons: [NODE_AFFINITY_REASON] };
    },

    preScore(state: CycleState, pod: Pod): PluginStatus {
      const preferred = podPreferred(pod);
      if (preferred && !preferred.ok) return { code: 'Error', reasons: [preferred.error] };
      if (!preferred && !addedPreferred) return { code: 'Skip', reasons: [] };
      state.set(PRE_SCORE_KEY, preferred?.value ?? []);
      return SUCCESS;
    },

    score(state: CycleState, pod: Pod, node: NodeInfo) {
      let terms = state.get(PRE_SCORE_KEY) as WeightedTerm[] | undefined;
      if (!terms) {
        const preferred = podPreferred(pod);
        if (preferred && !preferred.ok) return { score: 0, status: { code: 'Error', reasons: [preferred.error] } };
        terms = preferred?.value ?? [];
      }
      return { score: preferredScore(addedPreferred ?? [], node.node) + preferredScore(terms, node.node), status: SUCCESS };
    },

    normalize(_state: CycleState, _pod: Pod, scores: readonly NodeScore[]): NodeScore[] {
      return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
  };
  return { ok: true, value: plugin };
}

/** The default profile's NodeAffinity: no added affinity. */
export const nodeAffinity: NodeAffinityPlugin = (() => {
  const made = newNodeAffinity();
  if (!made.ok) throw new Error(made.error);
  return made.value;
})();
