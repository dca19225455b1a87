// Encryption at rest in the replica's storage layer, below the registry: values of encrypted
// resources are sealed on their way to etcd and opened on their way back (reads and the watch),
// so the registry and the caches see plain objects and etcd sees only ciphertext.

import type { KeyValue, RequestOp, ResponseOp, StoreCommand, StoreResult, WatchEvent } from '../../../protocols/etcd/kv.ts';
import { type EncryptionTransformers, IDENTITY, type Transformer } from '../encryption/index.ts';

/** Which transformer a key's value goes through, or undefined for plain storage. */
export type TransformerFor = (key: string) => Transformer | undefined;

/**
 * `resourceOf` must give one object per resource (the caches' own), so that the configuration is
 * looked up once per resource, not per value. A resource no rule names is plain storage: the
 * identity transformer would hand back every value unchanged, in a copy of its key-value.
 */
export function transformerFor(transformers: EncryptionTransformers, resourceOf: (key: string) => { group: string; resource: string } | undefined): TransformerFor {
  const known = new WeakMap<object, Transformer | null>();
  return (key) => {
    const gr = resourceOf(key);
    if (gr === undefined) return undefined;
    let tr = known.get(gr);
    if (tr === undefined) {
      const found = transformers.forResource(gr);
      known.set(gr, (tr = found === IDENTITY ? null : found));
    }
    return tr ?? undefined;
  };
}

// The loops below are written out per kind of element rather than through one mapping helper:
// a closure per call (every request and answer passes here) costs more than the loop.

/** The ops sealed; the same array when none changed (most values are not encrypted). */
function sealOps(t: TransformerFor, ops: readonly RequestOp[]): readonly RequestOp[] {
  let out: RequestOp[] | undefined;
  for (let i = 0; i < ops.length; i++) {
    const y = sealOp(t, ops[i]!);
    if (y !== ops[i]) (out ??= ops.slice())[i] = y;
  }
  return out ?? ops;
}

function sealOp(t: TransformerFor, op: RequestOp): RequestOp {
  if (op.type === 'put') {
    const tr = t(op.key);
    return tr === undefined || op.value === undefined ? op : { ...op, value: tr.encrypt(op.value, op.key) };
  }
  if (op.type === 'txn') {
    const success = op.success ? sealOps(t, op.success) : undefined;
    const failure = op.failure ? sealOps(t, op.failure) : undefined;
    if (success === op.success && failure === op.failure) return op;
    return { ...op, ...(success ? { success } : {}), ...(failure ? { failure } : {}) };
  }
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

function openKvs(t: TransformerFor, kvs: readonly KeyValue[]): readonly KeyValue[] {
  let out: KeyValue[] | undefined;
  for (let i = 0; i < kvs.length; i++) {
    const y = openKv(t, kvs[i]!);
    if (y !== kvs[i]) (out ??= kvs.slice())[i] = y;
  }
  return out ?? kvs;
}

function openResponses(t: TransformerFor, rs: readonly ResponseOp[]): readonly ResponseOp[] {
  let out: ResponseOp[] | undefined;
  for (let i = 0; i < rs.length; i++) {
    const y = openResponse(t, rs[i]!);
    if (y !== rs[i]) (out ??= rs.slice())[i] = y;
  }
  return out ?? rs;
}

function openResponse(t: TransformerFor, r: ResponseOp): ResponseOp {
  if (r.type === 'range') {
    const kvs = openKvs(t, r.kvs);
    return kvs === r.kvs ? r : { ...r, kvs };
  }
  if (r.type === 'txn') {
    const responses = openResponses(t, r.responses);
    return responses === r.responses ? r : { ...r, responses };
  }
  return r;
}

export function openResult(t: TransformerFor, cmd: StoreCommand, result: StoreResult): StoreResult {
  if (!result.ok || (cmd.type !== 'range' && cmd.type !== 'txn')) return result;
  try {
    const r = result.response as { kvs?: KeyValue[]; responses?: ResponseOp[] };
    if (cmd.type === 'range') {
      const kvs = openKvs(t, r.kvs ?? []);
      return kvs === r.kvs ? result : { ok: true, response: { ...r, kvs } as never };
    }
    const responses = openResponses(t, r.responses ?? []);
    return responses === r.responses ? result : { ok: true, response: { ...r, responses } as never };
  } catch (e) {
    return { ok: false, error: { code: 'FailedPrecondition', grpcCode: 9, message: (e as Error).message } };
  }
}

function openEvent(t: TransformerFor, e: WatchEvent): WatchEvent {
  const kv = e.type === 'PUT' ? openKv(t, e.kv) : e.kv;
  const prevKv = e.prevKv ? openKv(t, e.prevKv) : undefined;
  if (kv === e.kv && prevKv === e.prevKv) return e;
  return { ...e, kv, ...(prevKv ? { prevKv } : {}) };
}

/** The events with their values opened; the same array when none changed. */
export function openEvents(t: TransformerFor, events: readonly WatchEvent[]): readonly WatchEvent[] {
  let out: WatchEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const opened = openEvent(t, events[i]!);
    if (opened !== events[i]) (out ??= events.slice())[i] = opened;
  }
  return out ?? events;
}
