// Writes as data, for the Raft log: each entry carries one command, and applying it on any replica
// gives the same state and the same result. etcd's errors become values here, since a replica must
// go on applying after a request that failed.

import { EtcdError } from './errors.ts';
import type { MvccStore } from './store.ts';
import type { StoreCommand, StoreResponse, StoreResult } from '../../../protocols/etcd/kv.ts';

/** Applies one command; an etcd error is returned, a malformed command (a bug) still throws. */
export function applyCommand(store: MvccStore, cmd: StoreCommand): StoreResult {
  try {
    return { ok: true, response: run(store, cmd) };
  } catch (e) {
    if (!(e instanceof EtcdError)) throw e;
    return { ok: false, error: { code: e.code, grpcCode: e.grpcCode, message: e.message } };
  }
}

function run(store: MvccStore, cmd: StoreCommand): StoreResponse {
  switch (cmd.type) {
    case 'range': {
      const { type: _, key, rangeEnd, ...options } = cmd;
      return store.range(key, rangeEnd, options);
    }
    case 'put': {
      const { type: _, key, value, ...options } = cmd;
      return store.put(key, value ?? '', options);
    }
    case 'deleteRange': {
      const { type: _, key, rangeEnd, ...options } = cmd;
      return store.deleteRange(key, rangeEnd, options);
    }
    case 'txn':
      return store.txn(cmd);
    case 'compact':
      return store.compact(cmd.revision);
    case 'leaseGrant':
      return store.grant({ ttl: cmd.ttl, id: cmd.id }, cmd.now);
    case 'leaseRevoke':
      return store.revoke(cmd.id);
  }
}
