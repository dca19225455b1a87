// The node lifecycle controller as kube-controller-manager runs it (service account
// node-controller). Three kinds of key: the monitor pass over every node, run every
// node-monitor-period; one node's NoSchedule taints, on each change of that node; one pod newly
// bound to a node, marked not Ready if its node is not. Leases are read by the monitor pass
// only: a renewal counts when the pass sees it, as the real controller's does.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { Node, Pod } from '../../../protocols/kube/objects.ts';
import { keyOf, type Listers, type Notification, type ReconcileResult } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { defaultLifecycleConfig, type LifecycleConfig, lifecycleMemory, type LifecycleMemory, MONITOR_KEY, NODE_KEY, POD_KEY } from './config.ts';
import { monitorPass } from './monitor.ts';
import { noScheduleTaints } from './noschedule.ts';
import { processPod } from './pods.ts';
import { enqueue } from './zones.ts';

export const NODE_LIFECYCLE_INFORMERS = [
  { name: 'nodes', resource: 'nodes' },
  { name: 'leases', resource: 'leases.coordination.k8s.io', namespace: 'kube-node-lease' },
  { name: 'pods', resource: 'pods' },
];

export function lifecycleKeys(informer: string, n: Notification): string[] {
  if (informer === 'nodes') {
    const name = n.obj.metadata.name!;
    return n.type === 'update' ? [NODE_KEY + name] : n.type === 'add' ? [MONITOR_KEY, NODE_KEY + name] : [MONITOR_KEY];
  }
  if (informer === 'pods' && n.type !== 'delete') {
    const node = (n.obj as Pod).spec?.nodeName;
    const before = n.type === 'update' ? (n.old as Pod).spec?.nodeName : undefined;
    return node && node !== before ? [POD_KEY + keyOf(n.obj)] : [];
  }
  return [];
}

export function lifecycleReconcile(key: string, listers: Listers, now: number, m: LifecycleMemory, cfg: LifecycleConfig): ReconcileResult {
  if (key === MONITOR_KEY) return monitorPass(listers, now, m, cfg);
  if (key.startsWith(NODE_KEY)) return noScheduleTaints(key.slice(NODE_KEY.length), listers);
  if (key.startsWith(POD_KEY)) return processPod(key.slice(POD_KEY.length), listers, now, m, cfg);
  return { writes: [] };
}

/** How the monitor's writes ended: a failed NoExecute taint goes back to the head of its zone's queue; pods not marked are retried. */
export function lifecycleWritten(key: string, call: ApiCall, result: ApiResult, m: LifecycleMemory): void {
  if (key !== MONITOR_KEY) return;
  const name = call.target.name ?? '';
  if (call.target.resource === 'nodes' && call.verb === 'patch' && m.tainting[name] !== undefined) {
    const zone = m.tainting[name]!;
    delete m.tainting[name];
    const z = m.tainters[zone];
    if (!result.ok && z !== undefined && z.members[name]) {
      delete z.members[name];
      enqueue(z, name, m.known[name] ?? '', -1);
    }
  }
  if (call.target.resource === 'pods' && call.verb === 'update' && !result.ok && result.code !== 404) {
    const node = ((call as { body?: Pod }).body)?.spec?.nodeName;
    if (node) m.retry[node] = true;
  }
}

export const nodeLifecycleController: ControllerDef<LifecycleMemory> = {
  name: 'node-controller',
  spec: (c) => {
    const cfg = defaultLifecycleConfig(c.epochMs);
    return {
      client: c.client('node-controller'),
      informers: NODE_LIFECYCLE_INFORMERS,
      keysFor: lifecycleKeys,
      reconcile: (key, listers, now, m) => lifecycleReconcile(key, listers, now, m, cfg),
      memory: lifecycleMemory,
      written: lifecycleWritten,
      component: 'node-controller',
      epochMs: c.epochMs,
    };
  },
};
