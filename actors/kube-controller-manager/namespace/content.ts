// Deleting a namespace's content as the namespaced-resources deleter does, in two live rounds
// rather than through caches (a cache that lags could call a namespace empty too soon): first a
// DELETE of the whole collection of every namespaced resource, then a LIST of each, whose answers
// `written` keeps in the controller's memory. What the lists still hold is the content remaining:
// pods finishing their grace period, objects waiting on finalizers (15 s is the guess for those),
// or, with neither, an unexpected leftover reported as a failure.

import type { ApiCall, ApiResult, ObjectList } from '../../../protocols/kube/api.ts';
import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { RESOURCES, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { deleteCollectionCall, listCall } from '../../client/index.ts';

/** A guess at how long objects with finalizers take, when nothing better is known (seconds). */
export const FINALIZER_ESTIMATE_SECONDS = 15;

/** Every namespaced resource the table serves can be deleted as a collection, so no item-by-item deletion is needed. */
export const CONTENT_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter((r) => r.namespaced && r.verbs.includes('deletecollection') && r.verbs.includes('list'));

/** `pods.`, `deployments.apps`: how the conditions name a resource. */
export const groupResource = (r: Pick<ResourceInfo, 'group' | 'resource'>) => `${r.resource}.${r.group}`;
/** schema.GroupVersionResource's %v, as error messages print it. */
const gvrString = (r: ResourceInfo) => `${r.group}/${r.version}, Resource=${r.resource}`;
const kubectlName = (r: ResourceInfo) => (r.group === '' ? r.resource : `${r.resource}.${r.group}`);

export interface Leftover {
  readonly count: number;
  readonly finalizers: Readonly<Record<string, number>>;
  /** The longest grace period of a non-terminal pod left (seconds). */
  readonly graceSeconds: number;
}

export interface Pass {
  readonly uid: string;
  stage: 'deleting' | 'listing';
  /** Answers heard, by `<resource>.<group>`: an error message, or (listing) what is left. */
  answers: Record<string, { error?: string; left?: Leftover }>;
  /** Errors of the deleting round, kept for the conditions. */
  deleteErrors: string[];
}

export function deleteRound(ns: string): ApiCall[] {
  return CONTENT_RESOURCES.map((r) => deleteCollectionCall(kubectlName(r), { namespace: ns }, { propagationPolicy: 'Background' }));
}

export const listRound = (ns: string): ApiCall[] => CONTENT_RESOURCES.map((r) => listCall(kubectlName(r), { namespace: ns }));

function leftover(items: readonly KubeObject[], pods: boolean): Leftover {
  const finalizers: Record<string, number> = {};
  let graceSeconds = 0;
  for (const o of items) {
    for (const f of o.metadata.finalizers ?? []) finalizers[f] = (finalizers[f] ?? 0) + 1;
    const pod = o as unknown as Pod;
    if (pods) {
      const phase = pod.status?.phase;
      if (phase !== 'Succeeded' && phase !== 'Failed') graceSeconds = Math.max(graceSeconds, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
  }
  return { count: items.length, finalizers, graceSeconds };
}

const messageOf = (r: ApiResult) => (r.ok ? '' : (r.body.message ?? `status ${r.code}`));

/** Keeps one answer of the current pass (a resource not in the table is ignored). */
export function hear(pass: Pass, call: ApiCall, result: ApiResult): void {
  const r = CONTENT_RESOURCES.find((x) => x.resource === call.target.resource && x.group === call.target.group);
  if (r === undefined) return;
  const gr = groupResource(r);
  if (pass.stage === 'deleting') {
    pass.answers[gr] = result.ok || result.code === 404 || result.code === 405 ? {} : { error: messageOf(result) };
    return;
  }
  if (!result.ok) pass.answers[gr] = { error: messageOf(result) };
  else if (call.verb === 'list') pass.answers[gr] = { left: leftover((result.body as ObjectList).items ?? [], r.group === '' && r.resource === 'pods') };
}

export const complete = (pass: Pass) => Object.keys(pass.answers).length >= CONTENT_RESOURCES.length;

export interface Outcome {
  readonly errors: string[];
  readonly remaining: Record<string, number>;
  readonly finalizers: Record<string, number>;
  /** Seconds before the rest is expected gone; 0 when nothing is left. */
  readonly estimate: number;
}

/** What the listing round found, as deleteAllContent sums it up over resources. */
export function outcome(ns: string, pass: Pass): Outcome {
  const errors = [...pass.deleteErrors];
  const remaining: Record<string, number> = {};
  const finalizers: Record<string, number> = {};
  let estimate = 0;
  for (const r of CONTENT_RESOURCES) {
    const a = pass.answers[groupResource(r)];
    if (a?.error !== undefined) errors.push(a.error);
    const left = a?.left;
    if (left === undefined || left.count === 0) continue;
    remaining[groupResource(r)] = left.count;
    for (const [f, n] of Object.entries(left.finalizers)) finalizers[f] = (finalizers[f] ?? 0) + n;
    const mine = left.graceSeconds > 0 ? left.graceSeconds : Object.keys(left.finalizers).length > 0 ? FINALIZER_ESTIMATE_SECONDS : 0;
    if (mine === 0) errors.push(`unexpected items still remain in namespace: ${ns} for gvr: ${gvrString(r)}`);
    estimate = Math.max(estimate, mine);
  }
  return { errors, remaining, finalizers, estimate };
}
