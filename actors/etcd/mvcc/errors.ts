// The errors a client sees, worded as etcd 3.4's gRPC layer words them (rpctypes/error.go), with
// the gRPC status code the JSON gateway also reports.

import type { GrpcCode } from '../../../protocols/etcd/kv.ts';

const GRPC_NUMBER: Record<GrpcCode, number> = {
  InvalidArgument: 3,
  NotFound: 5,
  FailedPrecondition: 9,
  OutOfRange: 11,
};

export class EtcdError extends Error {
  override readonly name = 'EtcdError';
  readonly code: GrpcCode;
  /** The numeric gRPC status code, as the gateway's `code` field carries it. */
  readonly grpcCode: number;

  constructor(code: GrpcCode, message: string) {
    super(message);
    this.code = code;
    this.grpcCode = GRPC_NUMBER[code];
  }
}

export const ERR_COMPACTED = 'etcdserver: mvcc: required revision has been compacted';
export const ERR_FUTURE_REV = 'etcdserver: mvcc: required revision is a future revision';
export const ERR_EMPTY_KEY = 'etcdserver: key is not provided';
export const ERR_KEY_NOT_FOUND = 'etcdserver: key not found';
export const ERR_VALUE_PROVIDED = 'etcdserver: value is provided';
export const ERR_LEASE_PROVIDED = 'etcdserver: lease is provided';
export const ERR_TOO_MANY_OPS = 'etcdserver: too many operations in txn request';
export const ERR_DUPLICATE_KEY = 'etcdserver: duplicate key given in txn request';
export const ERR_LEASE_NOT_FOUND = 'etcdserver: requested lease not found';
export const ERR_LEASE_EXISTS = 'etcdserver: lease already exists';
export const ERR_LEASE_TTL_TOO_LARGE = 'etcdserver: too large lease TTL';
/** Watch creation failures are not errors but cancel reasons, in mvcc's own words. */
export const REASON_EMPTY_WATCH_RANGE = 'mvcc: watcher range is empty';
export const REASON_DUPLICATE_WATCH_ID = 'mvcc: duplicate watch ID provided on the WatchStream';

export const compacted = (): EtcdError => new EtcdError('OutOfRange', ERR_COMPACTED);
export const futureRev = (): EtcdError => new EtcdError('OutOfRange', ERR_FUTURE_REV);
export const emptyKey = (): EtcdError => new EtcdError('InvalidArgument', ERR_EMPTY_KEY);
export const keyNotFound = (): EtcdError => new EtcdError('InvalidArgument', ERR_KEY_NOT_FOUND);
export const valueProvided = (): EtcdError => new EtcdError('InvalidArgument', ERR_VALUE_PROVIDED);
export const leaseProvided = (): EtcdError => new EtcdError('InvalidArgument', ERR_LEASE_PROVIDED);
export const tooManyOps = (): EtcdError => new EtcdError('InvalidArgument', ERR_TOO_MANY_OPS);
export const duplicateKey = (): EtcdError => new EtcdError('InvalidArgument', ERR_DUPLICATE_KEY);
export const leaseNotFound = (): EtcdError => new EtcdError('NotFound', ERR_LEASE_NOT_FOUND);
export const leaseExists = (): EtcdError => new EtcdError('FailedPrecondition', ERR_LEASE_EXISTS);
export const leaseTtlTooLarge = (): EtcdError => new EtcdError('OutOfRange', ERR_LEASE_TTL_TOO_LARGE);
