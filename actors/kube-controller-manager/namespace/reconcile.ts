// The namespace controller's sync of one namespace, as the namespaced-resources deleter runs it:
// nothing until the namespace has a deletionTimestamp; then phase Terminating; a namespace whose
// spec.finalizers are all gone is deleted (uid precondition); otherwise its content is deleted
// and listed (content.ts), the conditions are written, and while content remains the namespace is
// looked at again after estimate/2+1 seconds; once none remains the `kubernetes` finalizer is
// removed through namespaces/finalize.

import type { KubeObject, Namespace } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { type ApiCall, type ApiResult } from '../../../protocols/kube/api.ts';
import { deleteCall, type Listers, type ReconcileResult, updateCall } from '../../client/index.ts';
import { contentFailure, contentRemaining, finalizersRemaining, updateConditions } from './conditions.ts';
import { complete, deleteRound, hear, listRound, outcome, type Pass } from './content.ts';

export const FINALIZER_TOKEN = 'kubernetes';
/** Retrying a pass that failed, where the real controller's rate limiter would. */
const RETRY_MS = 1000;

export interface NamespaceMemory {
  [k: string]: unknown;
  passes: Record<string, Pass>;
  /**
   * Namespaces this controller finalized, by name: their uid. The finalize that empties
   * spec.finalizers removes the namespace, but the cache may still show it as it was; such a copy
   * starts no new pass (the real controller reads the namespace live and finds it gone).
   */
  finalized: Record<string, string>;
}

export const namespaceMemory = (): NamespaceMemory => ({ passes: {}, finalized: {} });

export function namespaceWritten(key: string, call: ApiCall, result: ApiResult, memory: NamespaceMemory): void {
  const pass = memory.passes[key];
  if (pass !== undefined && (call.verb === 'deletecollection' || call.verb === 'list')) hear(pass, call, result);
  const uid = result.ok ? (result.body as KubeObject).metadata?.uid : undefined;
  if (call.verb === 'update' && call.target.subresource === 'finalize' && uid !== undefined) memory.finalized[key] = uid;
}

/** The cache's copy predates this controller's own finalize of the same namespace. */
function staleAfterFinalize(ns: Namespace, memory: NamespaceMemory): boolean {
  const name = ns.metadata!.name!;
  if (memory.finalized[name] !== ns.metadata!.uid) {
    delete memory.finalized[name];
    return false;
  }
  return (ns.spec?.finalizers ?? []).includes(FINALIZER_TOKEN);
}

const statusWrite = (ns: Namespace, status: NonNullable<Namespace['status']>) => updateCall({ ...(ns as KubeObject), status } as KubeObject, { subresource: 'status' });

function finalize(ns: Namespace): ApiCall {
  const finalizers = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_TOKEN))].sort();
  // Unconditional, as the real controller retries a conflict on the namespace it reads again.
  const { resourceVersion: _rv, ...metadata } = ns.metadata!;
  return updateCall({ ...(ns as KubeObject), metadata, spec: { ...ns.spec, finalizers } } as KubeObject, { subresource: 'finalize' });
}

/** The two live rounds of content deletion; the outcome once both are heard. */
function contentPass(name: string, uid: string, memory: NamespaceMemory): ReconcileResult | Pass {
  const pass = memory.passes[name];
  if (pass === undefined || pass.uid !== uid || !complete(pass)) {
    memory.passes[name] = { uid, stage: 'deleting', answers: {}, deleteErrors: [] };
    return { writes: deleteRound(name), requeueAfter: 0 };
  }
  if (pass.stage === 'deleting') {
    memory.passes[name] = { uid, stage: 'listing', answers: {}, deleteErrors: Object.values(pass.answers).flatMap((a) => (a.error === undefined ? [] : [a.error])) };
    return { writes: listRound(name), requeueAfter: 0 };
  }
  delete memory.passes[name];
  return pass;
}

export function reconcileNamespace(name: string, listers: Listers, now: number, epochMs: number, memory: NamespaceMemory): ReconcileResult {
  const ns = listers.namespaces!.get(name) as Namespace | undefined;
  if (ns === undefined) delete memory.finalized[name];
  else if (staleAfterFinalize(ns, memory)) return { writes: [] };
  if (ns === undefined || !ns.metadata?.deletionTimestamp) {
    delete memory.passes[name];
    return { writes: [] };
  }
  const at = rfc3339(epochMs + now);
  if (ns.status?.phase !== 'Terminating') return { writes: [statusWrite(ns, { ...ns.status, phase: 'Terminating' })] };
  if ((ns.spec?.finalizers ?? []).length === 0) {
    delete memory.passes[name];
    return { writes: [deleteCall('namespaces', name, {}, { preconditions: { uid: ns.metadata.uid! } })] };
  }
  const pass = contentPass(name, ns.metadata.uid!, memory);
  if ('writes' in pass) return pass;
  const o = outcome(name, pass);
  const failing = [
    ...(o.errors.length > 0 ? [contentFailure(o.errors)] : []),
    ...[contentRemaining(o.remaining), finalizersRemaining(o.finalizers)].filter((c) => c !== undefined),
  ];
  const { conditions, changed } = updateConditions(ns.status?.conditions ?? [], failing, at);
  const writes: ApiCall[] = changed ? [statusWrite(ns, { ...ns.status, conditions })] : [];
  if (o.errors.length > 0) return { writes, requeueAfter: RETRY_MS };
  if (o.estimate > 0) return { writes, requeueAfter: (Math.floor(o.estimate / 2) + 1) * 1000 };
  return { writes: [...writes, finalize(ns)] };
}
