// The control loops' invariants, over the objects as etcd holds them at one moment (issue 11's
// checks): a Deployment never has more live pods than replicas + maxSurge (a lowered
// ReplicaSet's surplus awaiting deletion aside: see boundedCounts), nor (once its first
// rollout is done) fewer available than replicas − maxUnavailable; a StatefulSet never has two
// live pods with one ordinal; a Job never has more active pods than its parallelism; no pod is
// ever bound to two nodes; no node's bound pods request more than it can allocate; and the
// garbage collector never deletes an object whose owner still lives.
//
// Scaling is not a rollout: while a scale-down is under way the surplus pods are the old count's,
// and while a scale-up is under way the new pods are not up yet. So the bounds follow the
// replicas as Kubernetes' own guarantee does: the ceiling drops to a lower count only once the
// pods are within it, and the floor rises to a higher count only once enough pods are available.
// A scale-down also suspends the floor until every ReplicaSet of the Deployment has observed its
// new size (status.replicas = spec.replicas at its generation) and enough pods are available
// again: a ReplicaSet's status counts the pods it has just deleted (calculateStatus runs on the
// pods listed before manageReplicas), and the Deployment controller scales old ReplicaSets down
// by those counts (scaleDownOldReplicaSetsForRollingUpdate), so in that window Kubernetes itself
// can take availability below the floor, until the new pods come up. For the same reason a
// ReplicaSet lowered while the statuses claimed more available pods than there were (a decision
// on those stale counts, during any rollout) suspends the floor the same way; one lowered on true
// counts does not, so a Deployment controller that ignores maxUnavailable is still caught.

import type { KubeObject, Pod } from '../../protocols/kube/objects.ts';
import { podRequests } from '../../protocols/kube/quota/pod-resources.ts';
import { tryParseQuantity } from '../../protocols/kube/quantity.ts';

/** The objects of the run, by name within the namespace watched (pods of every namespace by `namespace/name`, nodes by name). */
export interface ObjectsView {
  readonly pods: ReadonlyMap<string, KubeObject>;
  readonly deployments: ReadonlyMap<string, KubeObject>;
  readonly replicasets: ReadonlyMap<string, KubeObject>;
  readonly statefulsets: ReadonlyMap<string, KubeObject>;
  readonly jobs: ReadonlyMap<string, KubeObject>;
  readonly nodes: ReadonlyMap<string, KubeObject>;
}

/** What the checks remember from one moment to the next. */
export interface CheckMemory {
  /** pod uid → the node it was first seen bound to. */
  readonly boundTo: Map<string, string>;
  /**
   * Deployment uid → the replicas its ceiling and floor follow, whether its first rollout
   * completed, and whether a scale-down is still settling.
   */
  readonly deployments: Map<string, { hi: number; lo: number; armed: boolean; settling?: boolean }>;
  /** ReplicaSet uid → its spec.replicas last seen, and whether it was lowered with pods still to delete. */
  readonly replicaSets: Map<string, { spec: number; lowered: boolean }>;
}

export const emptyCheckMemory = (): CheckMemory => ({ boundTo: new Map(), deployments: new Map(), replicaSets: new Map() });

type Condition = { type: string; status: string };
type IntOrPercent = number | string | undefined;

const phaseOf = (p: KubeObject) => (p.status as { phase?: string } | undefined)?.phase ?? '';
const terminal = (p: KubeObject) => phaseOf(p) === 'Succeeded' || phaseOf(p) === 'Failed';
/** Neither finished nor being deleted: what controllers count as a pod they have. */
export const isLive = (p: KubeObject) => p.metadata.deletionTimestamp === undefined && !terminal(p);
export const isReady = (p: KubeObject) => ((p.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const controllerUid = (o: KubeObject) => o.metadata.ownerReferences?.find((r) => r.controller === true)?.uid;
const nameOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
const names = (ps: readonly KubeObject[]) => ps.map((p) => p.metadata.name).join(', ');

/** intstr.GetScaledValueFromIntOrPercent. */
function scaled(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !v.endsWith('%')) return 0;
  const x = (Number(v.slice(0, -1)) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** deploymentutil.ResolveFenceposts: maxSurge rounds up, maxUnavailable down; both 0 means 1 unavailable. */
export function fenceposts(d: KubeObject, replicas: number): { surge: number; unavailable: number } {
  const ru = (d.spec as { strategy?: { type?: string; rollingUpdate?: { maxSurge?: IntOrPercent; maxUnavailable?: IntOrPercent } } }).strategy;
  if (ru?.type === 'Recreate') return { surge: 0, unavailable: replicas };
  const surge = scaled(ru?.rollingUpdate?.maxSurge ?? '25%', replicas, true);
  const unavailable = scaled(ru?.rollingUpdate?.maxUnavailable ?? '25%', replicas, false);
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

const specReplicas = (rs: KubeObject) => (rs.spec as { replicas?: number } | undefined)?.replicas ?? 1;

/**
 * The ReplicaSets have been scaled to within `limit` in all, and every one's status has caught up
 * with its spec: its pod count observed at its generation.
 */
function replicaSetsSettled(replicaSets: readonly KubeObject[], limit: number): boolean {
  if (replicaSets.reduce((n, rs) => n + specReplicas(rs), 0) > limit) return false;
  return replicaSets.every((rs) => {
    const status = rs.status as { replicas?: number; observedGeneration?: number } | undefined;
    return (status?.replicas ?? 0) === specReplicas(rs) && (status?.observedGeneration ?? 0) >= (rs.metadata.generation ?? 0);
  });
}

/**
 * The live and the available pods counted against the bounds: a ReplicaSet whose size was lowered
 * counts at most its new size until its surplus is gone. The Deployment controller keeps the sum
 * of the sizes within replicas + maxSurge, and may raise the new ReplicaSet as soon as it lowers
 * an old one; the pods follow each size independently (five ReplicaSet workers), so a create can
 * land before the matching delete. Nor does a pod about to be deleted lift the floor after a
 * scale-up. A ReplicaSet that makes pods beyond a size it was never lowered from counts in full.
 */
function boundedCounts(owned: readonly KubeObject[], pods: readonly KubeObject[], m: CheckMemory): { live: number; available: number; lowered: boolean } {
  let live = 0;
  let available = 0;
  let loweredNow = false;
  for (const rs of owned) {
    const uid = rs.metadata.uid!;
    const mine = pods.filter((p) => controllerUid(p) === uid);
    const ready = mine.filter(isReady).length;
    const spec = specReplicas(rs);
    const seen = m.replicaSets.get(uid);
    if (seen !== undefined && spec < seen.spec) loweredNow = true;
    const lowered = seen !== undefined && (spec < seen.spec || seen.lowered) && mine.length > spec;
    m.replicaSets.set(uid, { spec, lowered });
    live += lowered ? spec : mine.length;
    available += lowered ? Math.min(spec, ready) : ready;
  }
  return { live, available, lowered: loweredNow };
}

/** The ReplicaSets' statuses claim more available pods than are Ready and live. */
function overstated(owned: readonly KubeObject[], available: number): boolean {
  return owned.reduce((n, rs) => n + ((rs.status as { availableReplicas?: number } | undefined)?.availableReplicas ?? 0), 0) > available;
}

function deploymentViolation(d: KubeObject, v: ObjectsView, m: CheckMemory): string | undefined {
  const uid = d.metadata.uid!;
  const owned = [...v.replicasets.values()].filter((rs) => controllerUid(rs) === uid);
  const rsUids = new Set(owned.map((rs) => rs.metadata.uid!));
  const pods = [...v.pods.values()].filter((p) => isLive(p) && rsUids.has(controllerUid(p) ?? ''));
  const counted = boundedCounts(owned, pods, m);
  const available = pods.filter(isReady).length;
  const replicas = (d.spec as { replicas?: number }).replicas ?? 1;
  const limit = (r: number) => r + fenceposts(d, r).surge;
  const floor = (r: number) => r - fenceposts(d, r).unavailable;
  const b = m.deployments.get(uid) ?? { hi: replicas, lo: replicas, armed: false };
  m.deployments.set(uid, b);
  if (replicas >= b.hi || counted.live <= limit(replicas)) b.hi = replicas;
  if (replicas < b.lo || (counted.lowered && overstated(owned, available))) b.settling = true;
  if (b.settling && replicaSetsSettled(owned, limit(replicas)) && available >= floor(replicas)) delete b.settling;
  // A scale-up lifts the floor only once the Deployment controller has seen it: until then its
  // decisions (an old ReplicaSet lowered one step of the rollout) are made for the old count.
  const observed = ((d.status as { observedGeneration?: number } | undefined)?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
  if (replicas <= b.lo || (observed && counted.available >= floor(replicas))) b.lo = replicas;
  if (!b.armed && available >= replicas && pods.length === replicas) b.armed = true;
  if (counted.live > limit(b.hi)) return `Deployment ${nameOf(d)}: ${pods.length} live pods, more than ${b.hi} replicas + maxSurge ${fenceposts(d, b.hi).surge}: ${names(pods)}`;
  if (b.armed && !b.settling && available < floor(b.lo)) return `Deployment ${nameOf(d)}: ${available} pods available, fewer than ${b.lo} replicas − maxUnavailable ${fenceposts(d, b.lo).unavailable}`;
  return undefined;
}

function statefulSetViolation(ss: KubeObject, v: ObjectsView): string | undefined {
  const byOrdinal = new Map<string, KubeObject[]>();
  const prefix = `${ss.metadata.name}-`;
  for (const p of v.pods.values()) {
    if (!isLive(p) || controllerUid(p) !== ss.metadata.uid || !p.metadata.name!.startsWith(prefix)) continue;
    const ordinal = p.metadata.name!.slice(prefix.length);
    byOrdinal.set(ordinal, [...(byOrdinal.get(ordinal) ?? []), p]);
  }
  for (const [ordinal, ps] of byOrdinal) if (ps.length > 1) return `StatefulSet ${nameOf(ss)}: ${ps.length} live pods with ordinal ${ordinal}: ${ps.map((p) => p.metadata.uid).join(', ')}`;
  return undefined;
}

/** What the checks read of a node's container runtime: its sandboxes. */
export interface SandboxView {
  readonly state: string;
  readonly metadata: { readonly uid: string; readonly name: string; readonly namespace?: string };
}

const isOrdinalOf = (ss: string, name: string) => name.startsWith(`${ss}-`) && /^\d+$/.test(name.slice(ss.length + 1));

/**
 * One ordinal, one pod running: etcd cannot hold two pods of one name, so the ordinal's
 * uniqueness is checked where two could run at once, on the nodes: no two ready sandboxes of a
 * StatefulSet's pod name with different uids, on one node or on two.
 */
export function statefulSetRuntimeViolation(statefulSets: readonly string[], sandboxes: ReadonlyMap<string, readonly SandboxView[]>): string | undefined {
  const running = new Map<string, { uid: string; node: string }>();
  for (const [node, list] of sandboxes)
    for (const sb of list) {
      if (sb.state !== 'SANDBOX_READY' || !statefulSets.some((ss) => isOrdinalOf(ss, sb.metadata.name))) continue;
      const other = running.get(sb.metadata.name);
      if (other !== undefined && other.uid !== sb.metadata.uid) return `StatefulSet pod ${sb.metadata.name} runs twice: ${other.uid} on ${other.node} and ${sb.metadata.uid} on ${node}`;
      running.set(sb.metadata.name, { uid: sb.metadata.uid, node });
    }
  return undefined;
}

function jobViolation(job: KubeObject, v: ObjectsView): string | undefined {
  const parallelism = (job.spec as { parallelism?: number }).parallelism ?? 1;
  const active = [...v.pods.values()].filter((p) => isLive(p) && controllerUid(p) === job.metadata.uid);
  return active.length > parallelism ? `Job ${nameOf(job)}: ${active.length} active pods, more than parallelism ${parallelism}: ${names(active)}` : undefined;
}

const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '';

function bindingViolation(v: ObjectsView, m: CheckMemory): string | undefined {
  for (const p of v.pods.values()) {
    const node = nodeOf(p);
    if (node === '') continue;
    const before = m.boundTo.get(p.metadata.uid!);
    if (before !== undefined && before !== node) return `pod ${nameOf(p)} (${p.metadata.uid}) bound to ${before}, then to ${node}`;
    m.boundTo.set(p.metadata.uid!, node);
  }
  return undefined;
}

const RESOURCES = ['cpu', 'memory', 'pods'] as const;

/** Pods bound to a node and not finished hold their requests there, terminating ones too (the scheduler counts them until they are gone). */
function overcommitViolation(v: ObjectsView): string | undefined {
  const used = new Map<string, Map<string, bigint>>();
  const on = new Map<string, string[]>();
  for (const p of v.pods.values()) {
    const node = nodeOf(p);
    if (node === '' || terminal(p)) continue;
    const u = used.get(node) ?? new Map<string, bigint>();
    used.set(node, u);
    on.set(node, [...(on.get(node) ?? []), p.metadata.name!]);
    for (const [k, q] of podRequests(p as Pod)) u.set(k, (u.get(k) ?? 0n) + q.nanos);
    u.set('pods', (u.get('pods') ?? 0n) + 1_000_000_000n);
  }
  for (const [node, u] of used) {
    const allocatable = ((v.nodes.get(node)?.status as { allocatable?: Record<string, string> } | undefined)?.allocatable ?? {}) as Record<string, string>;
    for (const r of RESOURCES) {
      const a = allocatable[r] === undefined ? undefined : tryParseQuantity(allocatable[r]!);
      const want = u.get(r) ?? 0n;
      if (a !== undefined && want > a.nanos) return `node ${node}: pods request ${r} ${fmt(want, r)} of ${allocatable[r]} allocatable: ${on.get(node)!.join(', ')}`;
    }
  }
  return undefined;
}

const fmt = (nanos: bigint, r: string) => (r === 'cpu' ? `${nanos / 1_000_000n}m` : r === 'pods' ? `${nanos / 1_000_000_000n}` : `${nanos / 1_000_000_000n}`);

/** The first invariant the objects break at this moment, if any; updates the memory. */
export function controlPlaneViolation(v: ObjectsView, m: CheckMemory): string | undefined {
  const bound = bindingViolation(v, m);
  if (bound !== undefined) return bound;
  for (const d of v.deployments.values()) {
    const x = deploymentViolation(d, v, m);
    if (x !== undefined) return x;
  }
  for (const ss of v.statefulsets.values()) {
    const x = statefulSetViolation(ss, v);
    if (x !== undefined) return x;
  }
  for (const job of v.jobs.values()) {
    const x = jobViolation(job, v);
    if (x !== undefined) return x;
  }
  return overcommitViolation(v);
}

/**
 * The garbage collector's invariant for an object gone from the store: none of its owners may
 * still live (exist with the uid referenced, not being deleted). `owners` finds an owner by uid.
 */
export function deletionViolation(gone: KubeObject, owners: (uid: string) => KubeObject | undefined): string | undefined {
  for (const ref of gone.metadata.ownerReferences ?? []) {
    const owner = owners(ref.uid);
    if (owner !== undefined && owner.metadata.deletionTimestamp === undefined)
      return `${gone.kind ?? 'object'} ${nameOf(gone)} was deleted while its owner ${ref.kind} ${owner.metadata.name} (${ref.uid}) lives`;
  }
  return undefined;
}
