// Encryption at rest in the replica's storage layer, below the registry: values of encrypted
// resources are sealed on their way to etcd and opened on their way back (reads and the watch),
// so the registry and the caches see plain objects and etcd sees only ciphertext.

import type { KeyValue, RequestOp, ResponseOp, StoreCommand, StoreResult, WatchEvent } from '../../../protocols/etcd/kv.ts';
import type { EncryptionTransformers, Transformer } from '../encryption/index.ts';

/** Which transformer a key's value goes through, or undefined for plain storage. */
export type TransformerFor = (key: string) => Transformer | undefined;

export function transformerFor(transformers: EncryptionTransformers, resourceOf: (key: string) => { group: string; resource: string } | undefined): TransformerFor {
  return (key) => {
    const gr = resourceOf(key);
    return gr === undefined ? undefined : transformers.forResource(gr);
  };
}

function sealOp(t: TransformerFor, op: RequestOp): RequestOp {
  if (op.type === 'put') {
    const tr = t(op.key);
    return tr === undefined || op.value === undefined ? op : { ...op, value: tr.encrypt(op.value, op.key) };
  }
  if (op.type === 'txn') return { ...op, ...(op.success ? { success: op.success.map((o) => sealOp(t, o)) } : {}), ...(op.failure ? { failure: op.failure.map((o) => sealOp(t, o)) } : {}) };
  return op;
}

export function sealCommand(t: TransformerFor, cmd: StoreCommand): StoreCommand {
  return cmd.type === 'put' || cmd.type === 'txn' ? (sealOp(t, cmd) as StoreCommand) : cmd;
}

/** A stored value opened; one that does not open is an internal error (a wrong key, a corrupt value). */
export function openKv(t: TransformerFor, kv: KeyValue): KeyValue {
  const tr = t(kv.key);
  if (tr === undefined || kv.value === '') return kv;
  const opened = tr.decrypt(kv.value, kv.key);
  if (!opened.ok) throw new Error(`unable to transform key "${kv.key}": ${opened.error}`);
  return { ...kv, value: opened.value };
}

function openResponse(t: TransformerFor, r: ResponseOp): ResponseOp {
  if (r.type === 'range') return { ...r, kvs: r.kvs.map((kv) => openKv(t, kv)) };
  if (r.type === 'txn') return { ...r, responses: r.responses.map((x) => openResponse(t, x)) };
  return r;
}

export function openResult(t: TransformerFor, cmd: StoreCommand, result: StoreResult): StoreResult {
  if (!result.ok || (cmd.type !== 'range' && cmd.type !== 'txn')) return result;
  try {
    const r = result.response as { kvs?: KeyValue[]; responses?: ResponseOp[] };
    const opened = cmd.type === 'range' ? { ...r, kvs: (r.kvs ?? []).map((kv) => openKv(t, kv)) } : { ...r, responses: (r.responses ?? []).map((x) => openResponse(t, x)) };
    return { ok: true, response: opened as never };
  } catch (e) {
    return { ok: false, error: { code: 'FailedPrecondition', grpcCode: 9, message: (e as Error).message } };
  }
}

export function openEvents(t: TransformerFor, events: readonly WatchEvent[]): WatchEvent[] {
  return events.map((e) => ({ ...e, kv: e.type === 'PUT' ? openKv(t, e.kv) : e.kv, ...(e.prevKv ? { prevKv: openKv(t, e.prevKv) } : {}) }));
}
