// Follows what etcd holds and checks the control loops' invariants (control-plane-invariants.ts)
// after every step that moved a member's store on: the truth of the cluster is the committed
// state, whatever any component's cache believes. Each etcd member applies the same committed
// log, so the first member to reach a revision shows the state at it; a member behind (one cut
// off by a partition) is skipped until it catches up. Only the keys changed since the last
// revision seen are read and decoded.

import type { Simulation } from '../../runtime/kernel/index.ts';
import type { MvccStore } from '../../actors/etcd/mvcc/store.ts';
import { decodeObject } from '../../actors/kube-apiserver/storage/codec.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { type CheckMemory, controlPlaneViolation, deletionViolation, emptyCheckMemory, type ObjectsView, type SandboxView, statefulSetRuntimeViolation } from './control-plane-invariants.ts';

export interface ControlPlaneViolation {
  readonly at: number;
  readonly revision: number;
  readonly message: string;
}

export interface ControlPlaneWatch {
  readonly violation: ControlPlaneViolation | null;
  /** Revisions at which the invariants were checked. */
  readonly checks: number;
  /** The objects as last seen, for the end of the run. */
  readonly view: ObjectsView;
}

export interface EtcdView {
  readonly members: readonly string[];
  path(id: string): string;
  state(id: string): { readonly store: MvccStore } | undefined;
}

type Collection = keyof ObjectsView;

/** The watched prefixes; `gc` marks the kinds only the garbage collector deletes in these runs. */
const PREFIXES = (ns: string): readonly { readonly into: Collection | 'controllerrevisions'; readonly prefix: string; readonly gc: boolean }[] => [
  // Every namespace's pods: add-ons' pods hold room on the nodes too.
  { into: 'pods', prefix: '/registry/pods/', gc: false },
  { into: 'deployments', prefix: `/registry/deployments/${ns}/`, gc: false },
  { into: 'replicasets', prefix: `/registry/replicasets/${ns}/`, gc: true },
  { into: 'statefulsets', prefix: `/registry/statefulsets/${ns}/`, gc: false },
  { into: 'jobs', prefix: `/registry/jobs/${ns}/`, gc: false },
  { into: 'controllerrevisions', prefix: `/registry/controllerrevisions/${ns}/`, gc: true },
  { into: 'nodes', prefix: '/registry/minions/', gc: false },
];

const rangeEnd = (prefix: string) => prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** The nodes' container runtimes, by the path of each runtime actor: where a StatefulSet's pods run. */
export interface RuntimesView {
  readonly paths: ReadonlyMap<string, string>;
  sandboxes(node: string): readonly SandboxView[] | undefined;
}

export function watchControlPlaneInvariants(sim: Simulation, etcd: EtcdView, runtimes?: RuntimesView, namespace = 'default'): ControlPlaneWatch {
  const maps = Object.fromEntries(PREFIXES(namespace).map((p) => [p.into, new Map<string, KubeObject>()])) as Record<Collection | 'controllerrevisions', Map<string, KubeObject>>;
  const memory: CheckMemory = emptyCheckMemory();
  const paths = new Map(etcd.members.map((id) => [etcd.path(id), id] as const));
  let lastRev = 0;
  let checks = 0;
  let violation: ControlPlaneViolation | null = null;
  const owners = (uid: string) => [...maps.deployments.values(), ...maps.statefulsets.values()].find((o) => o.metadata.uid === uid);

  const follow = (store: MvccStore) => {
    const revision = store.revision;
    const problems: string[] = [];
    for (const { into, prefix, gc } of PREFIXES(namespace)) {
      const map = maps[into];
      const changed = store.range(prefix, rangeEnd(prefix), { minModRevision: lastRev + 1 });
      for (const kv of changed.kvs) map.set(kv.key.slice(prefix.length), decodeObject(kv));
      if (changed.count === map.size) continue;
      const present = new Set(store.range(prefix, rangeEnd(prefix), { keysOnly: true }).kvs.map((kv) => kv.key.slice(prefix.length)));
      for (const [k, o] of map) {
        if (present.has(k)) continue;
        map.delete(k);
        const gone = gc ? deletionViolation(o, owners) : undefined;
        if (gone !== undefined) problems.push(gone);
      }
    }
    lastRev = revision;
    checks++;
    const message = problems[0] ?? controlPlaneViolation(maps, memory);
    if (message !== undefined) violation = { at: sim.clock.now(), revision, message };
  };

  const onRuntime = (r: RuntimesView) => {
    const sets = [...maps.statefulsets.values()].map((ss) => ss.metadata.name!);
    if (sets.length === 0) return;
    const all = new Map<string, readonly SandboxView[]>();
    for (const node of r.paths.values()) all.set(node, r.sandboxes(node) ?? []);
    const message = statefulSetRuntimeViolation(sets, all);
    if (message !== undefined) violation = { at: sim.clock.now(), revision: lastRev, message };
  };

  sim.observeSteps((path) => {
    if (violation !== null) return;
    if (runtimes?.paths.has(path)) return onRuntime(runtimes);
    const id = paths.get(path);
    if (id === undefined) return;
    const store = etcd.state(id)?.store;
    if (store !== undefined && store.revision > lastRev) follow(store);
  });
  return {
    get violation() {
      return violation;
    },
    get checks() {
      return checks;
    },
    get view() {
      return maps;
    },
  };
}
