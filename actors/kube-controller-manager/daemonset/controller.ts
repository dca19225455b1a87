// The daemon-set-controller (syncDaemonSet): history first, then — when no creations or
// deletions it sent are still unseen — manage, and if manage had nothing to do, the rolling
// update; old history trimmed; status recorded. Orphans the selector matches are adopted first.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { ControllerRevision, DaemonSet, KubeObject, Node, Pod } from '../../../protocols/kube/objects.ts';
import { controllerKeys, createCall, DEFAULT_EPOCH_MS, deleteCall, type InformerSpec, keyOf, type Listers, type Notification, type ReconcileResult, referenceTo, updateCall } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { claim, orphanKeys, selectorMatcher } from '../history/claim.ts';
import { sortRevisions } from '../history/revisions.ts';
import { manage } from './manage.ts';
import { rollingUpdate } from './rolling-update.ts';
import { type DaemonView, nodesToDaemonPods, type Plan } from './view.ts';
import { drain, note } from '../history/pending-events.ts';
import { type DaemonSetMemory, daemonSetMemory, expect, observed, satisfied } from './memory.ts';
import { newDaemonPod } from './pods.ts';
import { cleanupHistory, constructHistory } from './revisions.ts';
import { asObject, daemonSetStatus, statusChanged } from './status.ts';

export const DAEMONSET_CONTROLLER = 'daemon-set-controller';
/** --concurrent-daemonset-syncs' companion: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 250;

export const daemonSetInformers: readonly InformerSpec[] = [
  { name: 'daemonsets', resource: 'daemonsets' },
  { name: 'pods', resource: 'pods' },
  { name: 'nodes', resource: 'nodes' },
  { name: 'controllerrevisions', resource: 'controllerrevisions' },
];

const nodeShape = (n: KubeObject) => JSON.stringify([n.metadata.labels ?? {}, (n as Node).spec?.taints ?? [], (n as Node).spec?.unschedulable ?? false]);

export function daemonSetKeys(informer: string, n: Notification, listers: Listers, m: DaemonSetMemory): readonly string[] {
  if (informer === 'daemonsets') return [keyOf(n.obj)];
  if (informer === 'nodes') {
    if (n.type === 'update' && nodeShape(n.old) === nodeShape(n.obj)) return [];
    return listers.daemonsets!.list().map((d) => keyOf(d));
  }
  const keys = controllerKeys(n, 'DaemonSet');
  if (informer === 'pods') {
    const key = keys[0];
    if (key !== undefined) {
      if (n.type === 'add') observed(m, key, 'add');
      else if (n.type === 'update' && !n.old.metadata.deletionTimestamp && n.obj.metadata.deletionTimestamp) observed(m, key, 'del');
      else if (n.type === 'delete' && !n.obj.metadata.deletionTimestamp) observed(m, key, 'del');
    }
  }
  const orphans = n.type === 'delete' ? [] : orphanKeys(n.obj, listers.daemonsets!.namespace(n.obj.metadata.namespace ?? '').list());
  return [...new Set([...keys, ...orphans])];
}

const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/**
 * The answer to a pod write: its Event as RealPodControl words it ("Created pod: agent-x7k2p",
 * "Error creating: …", "Deleted pod: …", "Error deleting: …"), and a creation or deletion that failed
 * will never be seen in the cache, so it is no longer expected.
 */
export function daemonSetWritten(key: string, call: ApiCall, result: ApiResult, m: DaemonSetMemory): void {
  if (call.target.resource !== 'pods' || call.target.subresource !== undefined) return;
  if (call.verb === 'create') {
    if (result.ok) return note(m, key, 'Normal', 'SuccessfulCreate', `Created pod: ${(result.body as KubeObject).metadata.name}`);
    if (!(result.body.details?.causes ?? []).some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE)) note(m, key, 'Warning', 'FailedCreate', `Error creating: ${result.body.message}`);
    observed(m, key, 'add');
  } else if (call.verb === 'delete') {
    if (result.ok) return note(m, key, 'Normal', 'SuccessfulDelete', `Deleted pod: ${call.target.name}`);
    if (result.code !== 404) note(m, key, 'Warning', 'FailedDelete', `Error deleting: ${result.body.message}`);
    observed(m, key, 'del');
  }
}

interface Out {
  writes: ApiCall[];
  events: NonNullable<ReconcileResult['events']>[number][];
}

/** syncNodes: the plan's creations and deletions (at most BURST_REPLICAS each), expected until seen. */
function syncNodes(v: DaemonView, m: DaemonSetMemory, plan: Plan, out: Out): void {
  const create = plan.create.slice(0, BURST_REPLICAS);
  const del = plan.del.slice(0, BURST_REPLICAS);
  expect(m, v.key, create.length, del.length, v.now);
  const ref = referenceTo(v.ds as KubeObject);
  for (const msg of plan.warnings) out.events.push({ ref, type: 'Warning', reason: 'FailedDaemonPod', message: msg });
  for (const node of create) out.writes.push(createCall(newDaemonPod(v.ds, node, v.hash) as KubeObject));
  for (const name of del) out.writes.push(deleteCall('pods', name, { namespace: v.ds.metadata!.namespace! }));
}

export function reconcileDaemonSet(key: string, listers: Listers, now: number, m: DaemonSetMemory, epochMs = DEFAULT_EPOCH_MS): ReconcileResult {
  const answered = drain(m, key);
  const ds = listers.daemonsets!.get(key) as DaemonSet | undefined;
  if (ds === undefined) {
    delete m.expectations[key];
    delete m.refs[key];
    return { writes: [], events: answered };
  }
  m.refs[key] = referenceTo(ds as KubeObject);
  const sel = ds.spec?.selector;
  if (Object.keys(sel?.matchLabels ?? {}).length + (sel?.matchExpressions ?? []).length === 0) {
    return { writes: [], events: [...answered, { ref: referenceTo(ds as KubeObject), type: 'Warning', reason: 'SelectingAll', message: 'This daemon set is selecting all pods. A non-empty selector is required.' }] };
  }
  if (ds.metadata?.deletionTimestamp) return { writes: [], events: answered };
  const ns = ds.metadata!.namespace!;
  const nodes = (listers.nodes!.list() as Node[]).sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : 1));
  const selects = selectorMatcher(ds.spec?.selector);
  const revClaim = claim(listers.controllerrevisions!.namespace(ns).list(), ds as KubeObject, 'DaemonSet', selects);
  const podClaim = claim(listers.pods!.namespace(ns).list(), ds as KubeObject, 'DaemonSet', selects);
  const pods = podClaim.owned as Pod[];
  const hist = constructHistory(ds, sortRevisions(revClaim.owned as unknown as ControllerRevision[]), pods);
  if (hist.collision) return { writes: [updateCall(asObject(ds, { ...ds.status!, collisionCount: hist.collisionCount }), { subresource: 'status' })], events: answered };
  const wallMs = epochMs + now;
  const v: DaemonView = { key, ds, nodes, byNode: nodesToDaemonPods(pods), hash: hist.hash, now, wallMs };
  const out: Out = { writes: [...revClaim.writes, ...podClaim.writes, ...hist.writes], events: answered };
  const ready = satisfied(m, key, now);
  let requeueAfter: number | undefined;
  if (ready) {
    const plan = manage(v, m);
    requeueAfter = plan.requeueAfter;
    syncNodes(v, m, plan, out);
    if (plan.create.length + plan.del.length === 0 && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') syncNodes(v, m, rollingUpdate(v), out);
    out.writes.push(...cleanupHistory(ds, hist.old, pods));
  }
  const status = daemonSetStatus(ds, nodes, v.byNode, hist.hash, wallMs, ready);
  if (statusChanged(ds, status)) out.writes.push(updateCall(asObject(ds, status), { subresource: 'status' }));
  const minReady = ds.spec?.minReadySeconds ?? 0;
  if (minReady > 0 && status.numberReady !== status.numberAvailable) requeueAfter = Math.min(requeueAfter ?? Infinity, minReady * 1000);
  return { writes: out.writes, events: out.events, ...(requeueAfter === undefined ? {} : { requeueAfter }) };
}

export const daemonSetController: ControllerDef<DaemonSetMemory> = {
  name: DAEMONSET_CONTROLLER,
  spec: (c) => ({
    client: c.client(DAEMONSET_CONTROLLER),
    informers: daemonSetInformers,
    keysFor: daemonSetKeys,
    reconcile: (key, listers, now, m) => reconcileDaemonSet(key, listers, now, m, c.epochMs),
    written: daemonSetWritten,
    memory: daemonSetMemory,
    // storeDaemonSetStatus: a conflicting status write is retried once on a fresh read.
    statusUpdateRetries: 1,
    component: DAEMONSET_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
