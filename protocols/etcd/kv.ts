// etcd's key-value API as messages: etcd v3's rpc.proto requests and responses with camelCase
// field names (the JSON gateway spells them snake_case), and the commands a client sends to the
// store through a member. Every response field etcd defines is present, with proto3's default
// where etcd leaves it unset, so that a comparison need not guess.

/**
 * etcd keys and values are bytes; here they are "byte strings": JS strings whose every code unit
 * is one byte (0x00–0xff). See actors/etcd/mvcc/bytes.ts for the conversions.
 */
export type Bytes = string;

export interface KeyValue {
  readonly key: Bytes;
  /** The revision of the put that created the key in its current life; 0 on a DELETE event's kv. */
  readonly createRevision: number;
  readonly modRevision: number;
  /** 1 on creation, +1 per put; reset by a delete. */
  readonly version: number;
  readonly value: Bytes;
  /** The lease the key is attached to; 0 for none. */
  readonly lease: number;
}

export interface ResponseHeader {
  readonly revision: number;
}

export interface PutRequest {
  readonly key: Bytes;
  readonly value?: Bytes;
  readonly lease?: number;
  readonly prevKv?: boolean;
  /** Keep the key's current value; the key must exist and `value` must be empty. */
  readonly ignoreValue?: boolean;
  /** Keep the key's current lease; the key must exist and `lease` must be 0. */
  readonly ignoreLease?: boolean;
}

export interface PutResponse {
  readonly header: ResponseHeader;
  readonly prevKv?: KeyValue;
}

export type SortOrder = 'NONE' | 'ASCEND' | 'DESCEND';
export type SortTarget = 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';

export interface RangeRequest {
  readonly key: Bytes;
  /** Absent or '': the single key. '\0': every key ≥ key. Otherwise the half-open [key, rangeEnd). */
  readonly rangeEnd?: Bytes;
  /** 0 or absent: no limit. */
  readonly limit?: number;
  /** ≤ 0 or absent: the current revision. */
  readonly revision?: number;
  readonly sortOrder?: SortOrder;
  readonly sortTarget?: SortTarget;
  /** Linearizable versus serializable is the Raft layer's concern; the store ignores it. */
  readonly serializable?: boolean;
  readonly keysOnly?: boolean;
  readonly countOnly?: boolean;
  readonly minModRevision?: number;
  readonly maxModRevision?: number;
  readonly minCreateRevision?: number;
  readonly maxCreateRevision?: number;
}

export interface RangeResponse {
  readonly header: ResponseHeader;
  readonly kvs: readonly KeyValue[];
  readonly more: boolean;
  /** How many keys the range holds at that revision, before limit and the min/max filters. */
  readonly count: number;
}

export interface DeleteRangeRequest {
  readonly key: Bytes;
  readonly rangeEnd?: Bytes;
  readonly prevKv?: boolean;
}

export interface DeleteRangeResponse {
  readonly header: ResponseHeader;
  readonly deleted: number;
  /** Empty unless prevKv was asked for. */
  readonly prevKvs: readonly KeyValue[];
}

export type CompareTarget = 'VERSION' | 'CREATE' | 'MOD' | 'VALUE' | 'LEASE';
export type CompareResult = 'EQUAL' | 'GREATER' | 'LESS' | 'NOT_EQUAL';

export interface Compare {
  readonly target: CompareTarget;
  readonly result: CompareResult;
  readonly key: Bytes;
  /** As in RangeRequest: every key of the range must satisfy the comparison. */
  readonly rangeEnd?: Bytes;
  /** The operand for the target; an absent one reads as 0 or the empty value, as in etcd. */
  readonly version?: number;
  readonly createRevision?: number;
  readonly modRevision?: number;
  readonly value?: Bytes;
  readonly lease?: number;
}

export type RequestOp =
  | ({ readonly type: 'range' } & RangeRequest)
  | ({ readonly type: 'put' } & PutRequest)
  | ({ readonly type: 'deleteRange' } & DeleteRangeRequest)
  | ({ readonly type: 'txn' } & TxnRequest);

export type ResponseOp =
  | ({ readonly type: 'range' } & RangeResponse)
  | ({ readonly type: 'put' } & PutResponse)
  | ({ readonly type: 'deleteRange' } & DeleteRangeResponse)
  | ({ readonly type: 'txn' } & TxnResponse);

export interface TxnRequest {
  readonly compare?: readonly Compare[];
  readonly success?: readonly RequestOp[];
  readonly failure?: readonly RequestOp[];
}

export interface TxnResponse {
  /** A nested txn's header revision is 0: etcd 3.4 fills only the outermost one. */
  readonly header: ResponseHeader;
  readonly succeeded: boolean;
  readonly responses: readonly ResponseOp[];
}

export interface CompactionResponse {
  readonly header: ResponseHeader;
}

export interface LeaseGrantRequest {
  /** Seconds; raised to the store's minimum TTL as etcd does. */
  readonly ttl: number;
  /** 0 or absent: the store chooses one. */
  readonly id?: number;
}

export interface LeaseGrantResponse {
  readonly header: ResponseHeader;
  readonly id: number;
  readonly ttl: number;
  readonly error: string;
}

export interface LeaseRevokeResponse {
  readonly header: ResponseHeader;
}

export interface LeaseKeepAliveResponse {
  readonly header: ResponseHeader;
  readonly id: number;
  /** 0 when the lease is unknown or already expired. */
  readonly ttl: number;
}

export interface LeaseTimeToLiveResponse {
  readonly header: ResponseHeader;
  readonly id: number;
  /** Whole seconds left, truncated; -1 when the lease is unknown. */
  readonly ttl: number;
  readonly grantedTtl: number;
  /** Sorted (etcd's order is a Go map's, i.e. none); empty unless keys were asked for. */
  readonly keys: readonly Bytes[];
}

export interface LeaseLeasesResponse {
  readonly header: ResponseHeader;
  readonly leases: readonly { readonly id: number }[];
}

export type EventType = 'PUT' | 'DELETE';

export interface WatchEvent {
  readonly type: EventType;
  /** For DELETE: only key and modRevision are set, as etcd sends it. */
  readonly kv: KeyValue;
  readonly prevKv?: KeyValue;
}

export type WatchFilter = 'NOPUT' | 'NODELETE';

export interface WatchCreateRequest {
  /** '' watches the key "\0", as etcd does. */
  readonly key: Bytes;
  readonly rangeEnd?: Bytes;
  /** 0 or absent: from the next revision. */
  readonly startRevision?: number;
  readonly progressNotify?: boolean;
  readonly filters?: readonly WatchFilter[];
  readonly prevKv?: boolean;
  /** 0 or absent: the stream picks the lowest free id. */
  readonly watchId?: number;
}

export interface WatchResponse {
  /** The revision the response reflects; 0 on a compaction cancel, as etcd 3.4 sends it. */
  readonly header: ResponseHeader;
  readonly watchId: number;
  readonly created: boolean;
  readonly canceled: boolean;
  /** Set (non-zero) when the watch asked for history that compaction removed. */
  readonly compactRevision: number;
  readonly cancelReason: string;
  readonly events: readonly WatchEvent[];
}

/** The gRPC status an etcd error carries, as etcd 3.4's rpctypes name them. */
export type GrpcCode = 'InvalidArgument' | 'NotFound' | 'FailedPrecondition' | 'OutOfRange';

/** Writes as data, for the Raft log: applying one on any replica gives the same state and result. */
export type StoreCommand =
  | ({ readonly type: 'range' } & RangeRequest)
  | ({ readonly type: 'put' } & PutRequest)
  | ({ readonly type: 'deleteRange' } & DeleteRangeRequest)
  | ({ readonly type: 'txn' } & TxnRequest)
  | { readonly type: 'compact'; readonly revision: number }
  /** `now` is the proposer's clock, carried in the entry so that every replica agrees on expiry. */
  | { readonly type: 'leaseGrant'; readonly ttl: number; readonly id?: number; readonly now: number }
  | { readonly type: 'leaseRevoke'; readonly id: number };

export type StoreResponse =
  | RangeResponse
  | PutResponse
  | DeleteRangeResponse
  | TxnResponse
  | CompactionResponse
  | LeaseGrantResponse
  | LeaseRevokeResponse;

/** etcd's errors are values: a replica must go on applying after a request that failed. */
export type StoreResult =
  | { readonly ok: true; readonly response: StoreResponse }
  | { readonly ok: false; readonly error: { readonly code: GrpcCode; readonly grpcCode: number; readonly message: string } };
