// The deployment controller (deployment-controller): Deployments, their ReplicaSets and pods
// watched; a ReplicaSet's change wakes its owner (an orphan's wakes every Deployment selecting
// it, which may adopt it); a pod's deletion wakes a Recreate Deployment waiting for its old pods
// to be gone, as Kubernetes' deletePod handler does.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import type { KubeObject, Pod } from '../../../protocols/kube/objects.ts';
import { matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { controllerKeyOf, type ControllerMemory, type ControllerSpec, keyOf, type Listers, type Notification, type ReconcileResult, splitKey } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { controllerRefOf, selectorOfDeployment } from './claim.ts';
import type { FailedCreate } from './new-replica-set.ts';
import { syncDeployment } from './sync.ts';
import type { Deployment, ReplicaSet } from './types.ts';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';

export const DEPLOYMENT_INFORMERS = [
  { name: 'deployments', resource: 'deployments' },
  { name: 'replicasets', resource: 'replicasets' },
  { name: 'pods', resource: 'pods' },
] as const;

function deploymentsSelecting(obj: KubeObject, listers: Listers): string[] {
  const ns = obj.metadata.namespace ?? '';
  return listers.deployments!.namespace(ns)
    .list()
    .filter((d) => {
      const sel = selectorOfDeployment(d as Deployment);
      return sel !== undefined && matchesLabels(sel, obj.metadata.labels ?? {});
    })
    .map(keyOf);
}

function replicaSetKeys(n: Notification, listers: Listers): string[] {
  const keys = new Set<string>();
  const owner = controllerKeyOf(n.obj, 'Deployment');
  if (owner !== undefined) keys.add(owner);
  else if (n.type !== 'delete') for (const k of deploymentsSelecting(n.obj, listers)) keys.add(k);
  if (n.type === 'update') {
    const oldOwner = controllerKeyOf(n.old, 'Deployment');
    if (oldOwner !== undefined) keys.add(oldOwner);
  }
  return [...keys];
}

/** deletePod: a Recreate Deployment whose ReplicaSets have no pod left is synced. */
function podKeys(n: Notification, listers: Listers): string[] {
  if (n.type !== 'delete') return [];
  const rsRef = controllerRefOf(n.obj as Pod);
  if (rsRef === undefined || rsRef.kind !== 'ReplicaSet') return [];
  const ns = n.obj.metadata.namespace ?? '';
  const rs = listers.replicasets!.namespace(ns).get(rsRef.name);
  if (rs === undefined || rs.metadata.uid !== rsRef.uid) return [];
  const dKey = controllerKeyOf(rs, 'Deployment');
  if (dKey === undefined) return [];
  const d = listers.deployments!.get(dKey) as Deployment | undefined;
  if (d === undefined || d.spec?.strategy?.type !== 'Recreate') return [];
  const owned = new Set(listers.replicasets!.namespace(ns).list().filter((r) => controllerRefOf(r as ReplicaSet)?.uid === d.metadata?.uid).map((r) => r.metadata.uid));
  const left = listers.pods!.namespace(ns).list().some((p) => owned.has(controllerRefOf(p as Pod)?.uid ?? ''));
  return left ? [] : [dKey];
}

export function deploymentKeys(informer: string, n: Notification, listers: Listers): string[] {
  if (informer === 'deployments') return [keyOf(n.obj)];
  if (informer === 'replicasets') return replicaSetKeys(n, listers);
  return podKeys(n, listers);
}

/** What the controller remembers between syncs: the last refused create of each Deployment's new ReplicaSet. */
export interface DeploymentMemory extends ControllerMemory {
  failedCreates: Record<string, FailedCreate>;
}

/** A refused ReplicaSet create (AlreadyExists aside: the next sync sorts that out from its cache). */
export function deploymentWritten(key: string, call: ApiCall, result: ApiResult, memory: DeploymentMemory): void {
  if (call.verb !== 'create' || call.target.resource !== 'replicasets' || result.ok || result.code === 409) return;
  const name = (call.body as KubeObject).metadata.name ?? '';
  memory.failedCreates[key] = { name, message: result.body.message ?? '' };
}

export function reconcileDeployment(key: string, listers: Listers, now: number, epochMs: number, memory?: DeploymentMemory): ReconcileResult {
  const failedCreate = memory?.failedCreates[key];
  if (memory !== undefined) delete memory.failedCreates[key];
  const d = listers.deployments!.get(key) as Deployment | undefined;
  if (d === undefined) return { writes: [] };
  const { namespace: ns } = splitKey(key);
  const sel = selectorOfDeployment(d);
  const pods = sel === undefined ? [] : (listers.pods!.namespace(ns).list(sel) as Pod[]);
  return syncDeployment({ deployment: d, replicaSets: listers.replicasets!.namespace(ns).list() as ReplicaSet[], pods, now, epochMs, ...(failedCreate === undefined ? {} : { failedCreate }) });
}

/** The parts of the controller a test loop runs. */
export function deploymentControllerSpec(epochMs: number): Pick<ControllerSpec<DeploymentMemory>, 'informers' | 'keysFor' | 'reconcile' | 'memory' | 'written'> {
  return {
    informers: DEPLOYMENT_INFORMERS,
    keysFor: (informer, n, listers) => deploymentKeys(informer, n, listers),
    reconcile: (key, listers, now, memory) => reconcileDeployment(key, listers, now, epochMs, memory),
    memory: () => ({ failedCreates: {} }),
    written: deploymentWritten,
  };
}

export const deploymentController: ControllerDef<DeploymentMemory> = {
  name: DEPLOYMENT_CONTROLLER,
  spec: (c) => ({
    client: c.client(DEPLOYMENT_CONTROLLER),
    ...deploymentControllerSpec(c.epochMs),
    component: DEPLOYMENT_CONTROLLER,
    epochMs: c.epochMs,
  }),
};
