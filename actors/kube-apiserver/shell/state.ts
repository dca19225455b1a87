// A replica's state: calls waiting on etcd, the watch caches and who watches them.

import { type ActorContext, type ActorRef, type AskResult, stateKey } from '../../../runtime/index.ts';
import type { NodeId } from '../../../protocols/etcd/raft.ts';
import type { EtcdClientOutlet, EtcdClientSelfMsg, EtcdClientState, etcdClientCore } from '../../client/etcd-client-core.ts';
import type { StoreResult } from '../../../protocols/etcd/kv.ts';
import type { ApiResponse, ApiserverMsg, WatchStream } from '../../../protocols/kube/api.ts';
import type { ResourceCaches } from '../cache/caches.ts';
import type { AuthenticatorConfig, CompiledPolicy, NodeGraph } from '../auth/index.ts';
import type { RegistryEnv } from '../registry/index.ts';
import type { Strategies } from './kinds.ts';
import type { CorrelatorState } from '../../client/event-correlator.ts';
import type { TransformerFor } from './transform.ts';
import type { Turns } from './turns.ts';
import type { LeaseManagerState } from '../storage/lease-manager.ts';

export interface ApiserverOptions {
  /** The etcd members this replica stores through, with the etcd client it runs inside itself. */
  readonly etcd: { readonly members: readonly NodeId[]; readonly timeoutMs?: number };
  /** Unix ms of virtual time 0, for timestamps; default 2026-01-01T00:00:00Z. */
  readonly epochMs?: number;
  /** Authentication (--token-auth-file, service-account tokens, anonymous); absent: every caller is an administrator. */
  readonly auth?: AuthenticatorConfig;
  /** An EncryptionConfiguration (YAML), as --encryption-provider-config names one; absent: values stored as they are. */
  readonly encryption?: string;
  /** How often etcd's history is compacted (--etcd-compaction-interval); 0: never. Default 5 minutes. */
  readonly compactionIntervalMs?: number;
  /** How long an Event lives past its last write (--event-ttl), as an etcd lease; 0: for ever. Default 1 hour. */
  readonly eventTtlMs?: number;
  /** Bugs planted for the tests that expect the checks to catch them. */
  readonly plant?: {
    /** Gets that name no resourceVersion answered from the watch cache, which may lag etcd. */
    readonly cachedGets?: boolean;
    /** Watch events at every fifth resourceVersion left out of what watchers are sent (the stream's numbering kept). */
    readonly dropWatchEvents?: boolean;
    /** Event updates written without a lease, so that an Event updated once lives for ever. */
    readonly eventUpdatesWithoutLease?: boolean;
  };
}

export interface Watcher {
  readonly ref: ActorRef<WatchStream>;
  readonly clientId: number;
  readonly cacheKey: string;
  seq: number;
}

/** A request waiting for a cache to reach a revision, or for its deadline. */
export interface Parked {
  readonly revision: number;
  readonly cacheKey: string;
  readonly deadline: number;
  readonly ready: () => void;
  readonly timedOut: () => void;
}

export interface ApiserverState {
  /** The replica's etcd client: its requests and watch, run in this actor (no hop through another). */
  readonly etcd: EtcdClientState;
  /** Where the client's answers and watch updates go: the waiting steps, the caches. */
  etcdOut: EtcdClientOutlet;
  nextEtcdId: number;
  /** What to do with each etcd answer, by request id. */
  readonly waiting: Map<number, (result: StoreResult) => void>;
  served: number;
  readonly caches: ResourceCaches;
  /** The Node authorizer's graph, fed by the caches: empty until their first list is in. */
  readonly nodeGraph: NodeGraph;
  /** The id of this incarnation's etcd watch on the registry. */
  readonly registryWatch: number;
  readonly watchers: Map<string, Watcher>;
  parked: Parked[];
  /** CRDs whose establishing write is under way, by uid. */
  readonly establishing: Set<string>;
  /** The CRD cache's revision when the CRDs were last looked at, and whether an establishing write ended since. */
  readonly crdScan: { at: number; ended: boolean };
  /** RBAC compiled from the caches, and the revision of the last RBAC change it reflects. */
  policy?: { readonly at: number; readonly compiled: CompiledPolicy };
  /** How values of encrypted resources are sealed and opened; undefined: nothing is encrypted. */
  readonly transform?: TransformerFor;
  readonly strategies: Strategies;
  /** The Service range repair loops' suspected leaks and event correlation. */
  readonly repair: RepairState;
  /** CRDs whose custom resources this replica is deleting. */
  readonly crdCleanup: CleanupState;
  /** Service writes run one at a time; those waiting their turn. */
  readonly serviceWrites: Turns;
  /** The aggregation controllers' view: see shell/availability.ts. */
  readonly aggregation: AggregationState;
  /** Watches proxied to aggregated servers: the relay child's name by watcher, and the next name's number. */
  readonly relays: { readonly byWatch: Map<string, string>; next: number };
  /** The etcd compactor's rounds (compaction.ts). */
  readonly compactor: CompactorState;
  /** The last etcd lease granted for writes with a TTL (Events), and how many took it (leases.ts). */
  leases: LeaseManagerState;
}

export interface AggregationState {
  /** When the caches the controllers depend on last changed (the sum of their change revisions), at the last look. */
  stamp: number;
  /** What the APIServices, their Services and Endpoints and the CRDs were at the last look. */
  seen: string;
  /** APIServices with a discovery GET under way, and CRD APIServices being made or removed. */
  readonly checking: Set<string>;
  readonly registering: Set<string>;
}

/** The etcd compactor's rounds (compaction.ts). */
export interface CompactorState {
  /** The compactions this replica knows of (the key's version). */
  time: number;
  /** The revision seen at this replica's last round: the next compaction's target. */
  rev: number;
}

/** The Service range repair loops' suspected leaks (passes left, by value) and event correlation. */
export interface RepairState {
  leaks: Map<string, number>;
  readonly correlator: CorrelatorState;
}

export interface CleanupState {
  /** CRDs whose cleanup is under way here, by uid, and when each may be looked at again. */
  readonly running: Set<string>;
  readonly nextAt: Map<string, number>;
  /** Since when each CRD's custom resources have been found still there after their deletes. */
  readonly waitingSince: Map<string, number>;
  /** The CRD cache's change stamp at the last scan, and whether an attempt ended since. */
  scanAt: number;
  ended: boolean;
}

export const apiserverStateKey = stateKey<ApiserverState>('kube-apiserver');

export type Tick = { readonly type: 'Tick' };
export type Listed = { readonly type: 'Listed' };
/** An aggregated server's answer to a call this replica proxied to it. */
export type Proxied = { readonly type: 'Proxied'; readonly id: number; readonly to: ActorRef<ApiResponse>; readonly result: AskResult<ApiResponse> };
export type RepairServices = { readonly type: 'RepairServices' };
/** The aggregation controllers' periodic look at every APIService (their informer's 30 s resync). */
export type AggregationResync = { readonly type: 'AggregationResync' };
/** An aggregated server's answer (or none) to the discovery GET for the APIService `name`. */
export type Discovered = { readonly type: 'Discovered'; readonly name: string; readonly url: string; readonly result: AskResult<ApiResponse> };
/** A CRD's cleanup poll is due (when no etcd event came to run it sooner). */
export type CrdPoll = { readonly type: 'CrdPoll' };
/** A proxied watch's relay has ended (its server closed or refused the stream). */
export type RelayEnded = { readonly type: 'RelayEnded'; readonly key: string };
/** The etcd compactor's round is due. */
export type Compact = { readonly type: 'Compact' };
export type ApiserverSelfMsg = ApiserverMsg | EtcdClientSelfMsg | Tick | Listed | Proxied | RepairServices | AggregationResync | Discovered | CrdPoll | RelayEnded | Compact;
export type Ctx = ActorContext<ApiserverSelfMsg>;

/** What the shell's parts share: options, the registry's environment now, the state. */
export type EtcdClient = ReturnType<typeof etcdClientCore>;

export interface Shell {
  readonly options: ApiserverOptions;
  readonly etcd: EtcdClient;
  readonly s: ApiserverState;
  readonly ctx: Ctx;
  readonly env: RegistryEnv;
}
