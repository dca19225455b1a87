// The client library's public surface, client-go's for actors: what a component imports.
// Cores (pure, plain data) and the shells that run them in an owner actor are both exported;
// most components need only defineController or clientKit, plus the request builders.

export { type ApiClientConfig, type ApiClientState, DEFAULT_BURST, DEFAULT_QPS, inFlight } from './api-client.ts';
export { type ApiClientMsg, type ApiDone, callApi, isApiClientMsg, onApiClientMsg } from './api-client-shell.ts';
export { clientKit, type Kit, type KitMsg, type KitOutcome, type KitSpec, type KitState, type Listers } from './client-kit.ts';
export { type ControllerMemory, type ControllerMsg, type ControllerSpec, type ControllerState, controllerStateKey, defineController, type ReconcileResult } from './controller.ts';
export type { ClientCtx } from './ctx.ts';
export { type CoreEvent, type EventSource, type EventType, type ObjectReference, referenceTo } from './event-correlator.ts';
export { type Notification, hasSynced } from './informer.ts';
export { controllerKeyOf, controllerKeys } from './owner-keys.ts';
export { type Deliver, fanOut, type InformerMsg, type InformerSpec, informerSet, isInformerMsg } from './informer-shell.ts';
export { isLeader, type LeaderElectionConfig, type LeaseSpec } from './leader-election.ts';
export { type LeaderEvent, type LeaderMsg } from './leader-election-shell.ts';
export { defineLeaderManager, leaderIdentity, type LeaderManagerSpec, leaseRef } from './leader-manager.ts';
export type { Lister } from './listers.ts';
export { createCall, deleteCall, deleteCollectionCall, getCall, listCall, patchCall, resourceFor, resourceOfObject, targetOf, updateCall, type Where } from './requests.ts';
export { type IndexFunc, type Indexers, keyOf, LABEL_INDEX, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_UID_INDEX, splitKey, STANDARD_INDEXERS } from './store.ts';
export { DEFAULT_EPOCH_MS, rfc3339, rfc3339Micro } from '../../protocols/kube/time.ts';
export * as workqueue from './workqueue.ts';
