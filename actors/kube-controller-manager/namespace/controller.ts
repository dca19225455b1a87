// The namespace-controller: one informer (namespaces); the content it deletes and lists is read
// live. A namespace is looked at when it changes, and again as its sync asks. The apiserver keeps
// a deleted namespace until its spec.finalizers are cleared, so a namespace that is gone has
// nothing left to do.

import { keyOf, type Listers, type Notification } from '../../client/index.ts';
import type { ControllerContext, ControllerDef } from '../context.ts';
import { type NamespaceMemory, namespaceMemory, namespaceWritten, reconcileNamespace } from './reconcile.ts';

export const NAMESPACE_NAME = 'namespace-controller';
/** --concurrent-namespace-syncs. */
const WORKERS = 10;
/** --namespace-sync-period: every namespace is looked at again this often. */
export const NAMESPACE_SYNC_PERIOD_MS = 5 * 60_000;

/** A namespace's own key; a deletion too, so the pass under way is forgotten. */
export const namespaceKeys = (_informer: string, n: Notification, _listers: Listers): string[] => [keyOf(n.obj)];

export const namespaceSpec = (epochMs: number) => ({
  informers: [{ name: 'namespaces', resource: 'namespaces', resyncMs: NAMESPACE_SYNC_PERIOD_MS }],
  keysFor: namespaceKeys,
  reconcile: (key: string, listers: Listers, now: number, memory: NamespaceMemory) => reconcileNamespace(key, listers, now, epochMs, memory),
  memory: namespaceMemory,
  written: namespaceWritten,
});

export const namespaceController: ControllerDef<NamespaceMemory> = {
  name: NAMESPACE_NAME,
  spec: (c: ControllerContext) => ({ ...namespaceSpec(c.epochMs), client: c.client(NAMESPACE_NAME), component: NAMESPACE_NAME, epochMs: c.epochMs, workers: WORKERS }),
};
