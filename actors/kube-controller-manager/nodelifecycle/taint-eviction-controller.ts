// The taint eviction controller's wiring: which changes wake which pods. A node's change
// matters only when its NoExecute taints changed (then every pod on it is looked at); a pod's
// only when it is new, gone, moved to another node or its tolerations changed.

import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import { keyOf, type Listers, type Notification } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { noExecuteTaints, reconcileTaintEviction, taintEvictionMemory, type TaintEvictionMemory } from './taint-eviction.ts';

export const TAINT_EVICTION_INFORMERS = [
  { name: 'nodes', resource: 'nodes' },
  { name: 'pods', resource: 'pods' },
];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

export function taintEvictionKeys(informer: string, n: Notification, listers: Listers): string[] {
  if (informer === 'nodes') {
    if (n.type === 'update' && same(noExecuteTaints(n.old as Node), noExecuteTaints(n.obj as Node))) return [];
    const name = n.obj.metadata.name;
    return listers.pods!.list().filter((p) => (p as Pod).spec?.nodeName === name).map(keyOf);
  }
  if (n.type === 'update') {
    const [before, after] = [n.old as Pod, n.obj as Pod];
    if (before.spec?.nodeName === after.spec?.nodeName && same(before.spec?.tolerations, after.spec?.tolerations)) return [];
  }
  return [keyOf(n.obj)];
}

/** No RBAC role exists under this name yet: it writes with node-controller's, which covers pods, pods/status and events. */
export const taintEvictionController: ControllerDef<TaintEvictionMemory> = {
  name: 'taint-eviction-controller',
  spec: (c) => ({
    client: c.client('taint-eviction-controller'),
    informers: TAINT_EVICTION_INFORMERS,
    keysFor: taintEvictionKeys,
    reconcile: (key, listers, now, m) => reconcileTaintEviction(key, listers, now, m, c.epochMs),
    memory: taintEvictionMemory,
    component: 'taint-eviction-controller',
    epochMs: c.epochMs,
  }),
};
