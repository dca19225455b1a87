// The objects a replica itself sent to etcd, by key, until its watch brings them back. The
// replica encoded each one a moment before it sent it, so it holds what decoding the stored bytes
// gives; when the event at that key carries exactly those bytes, the cache takes that instead of
// parsing them again. Bytes that differ (someone else's write, a failed one overtaken) are parsed.

import type { Bytes, KeyValue, RequestOp, StoreCommand } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { forgetEncoded, takeEncoded, withResourceVersion } from '../storage/codec.ts';

/** Writes whose event never comes (the txn failed) would stay: past this many, all are dropped. */
const MAX = 1024;

export class OwnWrites {
  private readonly byKey = new Map<string, { readonly value: Bytes; readonly object: KubeObject }>();

  /** An outgoing command: its puts of objects this turn encoded are remembered. */
  sending(command: StoreCommand): void {
    if (command.type === 'put' || command.type === 'txn') this.op(command);
    // What was encoded and is not in this command was never sent: a dry run's, a failed step's.
    forgetEncoded();
  }

  private op(op: RequestOp): void {
    if (op.type === 'put') {
      const object = op.value === undefined ? undefined : takeEncoded(op.value);
      if (object === undefined) return;
      if (this.byKey.size >= MAX) this.byKey.clear();
      this.byKey.set(op.key, { value: op.value!, object });
    } else if (op.type === 'txn') {
      for (const o of op.success ?? []) this.op(o);
      for (const o of op.failure ?? []) this.op(o);
    }
  }

  /** What decodeObject(kv) gives, when this replica wrote exactly kv's bytes at its key; else undefined. */
  take(kv: KeyValue): KubeObject | undefined {
    const own = this.byKey.get(kv.key);
    if (own === undefined || own.value !== kv.value) return undefined;
    this.byKey.delete(kv.key);
    // The copy is the cache's alone: its resourceVersion is set in place, where decodeObject's
    // copy puts it (metadata's last key, as the stored JSON has none).
    const meta = own.object.metadata as unknown;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return withResourceVersion(own.object, kv.modRevision);
    (meta as { resourceVersion?: string }).resourceVersion = String(kv.modRevision);
    return own.object;
  }

  clear(): void {
    this.byKey.clear();
  }
}
