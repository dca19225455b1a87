// The replica's storage transforms leave values of resources no rule names as they are, without
// copying what carries them: what they give is exactly what the general path (every value through
// its resource's transformer, identity included, every container copied) gives.

import test from 'ava';
import fc from 'fast-check';
import { ResourceCaches } from '../../../../actors/kube-apiserver/cache/caches.ts';
import { encryptionFromConfigText, randomBytesFromPick, type Transformer } from '../../../../actors/kube-apiserver/encryption/index.ts';
import { openEvents, openResult, sealCommand, type TransformerFor, transformerFor } from '../../../../actors/kube-apiserver/shell/transform.ts';
import { strategyFor } from '../../../../actors/kube-apiserver/strategies/index.ts';
import type { KeyValue, RequestOp, ResponseOp, StoreCommand, StoreResult, WatchEvent } from '../../../../protocols/etcd/kv.ts';
import { exactlyEqual } from '../storage/exact.ts';

const CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ["secrets"]
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: ${Buffer.alloc(32, 7).toString('base64')}
      - identity: {}
`;

const caches = new ResourceCaches(strategyFor);

/** Two transformer sets with the same random stream: the general path on one, the replica's on the other. */
function pair(): { general: (key: string) => Transformer | undefined; fast: TransformerFor } {
  const build = () => {
    let n = 0;
    const built = encryptionFromConfigText(CONFIG, randomBytesFromPick(() => n++ % 256));
    if (!built.ok) throw new Error(built.error);
    return built.transformers;
  };
  const g = build();
  return { general: (key) => (caches.resourceOf(key) === undefined ? undefined : g.forResource({ ...caches.resourceOf(key)! })), fast: transformerFor(build(), (key) => caches.resourceOf(key)) };
}

// The general path: every value through its transformer, every container copied.
type G = (key: string) => Transformer | undefined;
function gSealOp(t: G, op: RequestOp): RequestOp {
  if (op.type === 'put') {
    const tr = t(op.key);
    return tr === undefined || op.value === undefined ? op : { ...op, value: tr.encrypt(op.value, op.key) };
  }
  if (op.type === 'txn') return { ...op, ...(op.success ? { success: op.success.map((o) => gSealOp(t, o)) } : {}), ...(op.failure ? { failure: op.failure.map((o) => gSealOp(t, o)) } : {}) };
  return op;
}
function gOpenKv(t: G, kv: KeyValue): KeyValue {
  const tr = t(kv.key);
  if (tr === undefined || kv.value === '') return kv;
  const opened = tr.decrypt(kv.value, kv.key);
  if (!opened.ok) throw new Error(`unable to transform key "${kv.key}": ${opened.error}`);
  return { ...kv, value: opened.value };
}
function gOpenResponse(t: G, r: ResponseOp): ResponseOp {
  if (r.type === 'range') return { ...r, kvs: r.kvs.map((kv) => gOpenKv(t, kv)) };
  if (r.type === 'txn') return { ...r, responses: r.responses.map((x) => gOpenResponse(t, x)) };
  return r;
}
function gOpenResult(t: G, cmd: StoreCommand, result: StoreResult): StoreResult {
  if (!result.ok || (cmd.type !== 'range' && cmd.type !== 'txn')) return result;
  try {
    const r = result.response as { kvs?: KeyValue[]; responses?: ResponseOp[] };
    const opened = cmd.type === 'range' ? { ...r, kvs: (r.kvs ?? []).map((kv) => gOpenKv(t, kv)) } : { ...r, responses: (r.responses ?? []).map((x) => gOpenResponse(t, x)) };
    return { ok: true, response: opened as never };
  } catch (e) {
    return { ok: false, error: { code: 'FailedPrecondition', grpcCode: 9, message: (e as Error).message } };
  }
}
const gOpenEvents = (t: G, events: readonly WatchEvent[]): WatchEvent[] =>
  events.map((e) => ({ ...e, kv: e.type === 'PUT' ? gOpenKv(t, e.kv) : e.kv, ...(e.prevKv ? { prevKv: gOpenKv(t, e.prevKv) } : {}) }));

const key = fc.tuple(fc.constantFrom('/registry/secrets/', '/registry/pods/', '/registry/configmaps/', '/registry/nowhere/', '/other/'), fc.constantFrom('default/', 'kube-system/'), fc.stringMatching(/^[a-z]{1,5}$/)).map((p) => p.join(''));
const value = fc.oneof(fc.constant(''), fc.string({ maxLength: 20 }).map((s) => JSON.stringify({ s })));
const put = fc.record({ type: fc.constant('put' as const), key, value });
const range = fc.record({ type: fc.constant('range' as const), key });
const txn = fc.record({ type: fc.constant('txn' as const), compare: fc.constant([]), success: fc.array(fc.oneof(put, range), { maxLength: 3 }), failure: fc.array(fc.oneof(put, range), { maxLength: 2 }) });
const kv = fc.record({ key, value, createRevision: fc.nat(9), modRevision: fc.nat(9), version: fc.nat(3), lease: fc.constant(0) });
/** Plain objects, as messages off the wire are (fast-check makes some without a prototype). */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('sealing a command gives exactly what the general path gives, and the command itself when nothing is encrypted', (t) => {
  fc.assert(
    fc.property(fc.oneof(put, txn, range).map(plain), (cmd) => {
      const { general, fast } = pair();
      const mine = sealCommand(fast, cmd as StoreCommand);
      const theirs = gSealOp(general, cmd as RequestOp);
      const anySecret = JSON.stringify(cmd).includes('"key":"/registry/secrets/');
      return exactlyEqual(mine, theirs) && (anySecret || mine === cmd);
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('opening results and watch events gives exactly what the general path gives, sealed values included', (t) => {
  fc.assert(
    fc.property(fc.array(kv, { maxLength: 4 }).map(plain), fc.array(fc.record({ type: fc.constantFrom('PUT' as const, 'DELETE' as const), kv, prevKv: fc.option(kv, { nil: undefined }) }, { requiredKeys: ['type', 'kv'] }), { maxLength: 4 }).map(plain), (kvs, evs) => {
      const { general, fast } = pair();
      // Values sealed as a member would hold them, the same bytes for both paths.
      const seal = (x: KeyValue): KeyValue => {
        const tr = general(x.key);
        return tr === undefined || x.value === '' ? x : { ...x, value: tr.encrypt(x.value, x.key) };
      };
      const stored = kvs.map(seal);
      const events = evs.map((e) => ({ ...e, kv: seal(e.kv), ...(e.prevKv ? { prevKv: seal(e.prevKv) } : {}) })) as WatchEvent[];
      const rangeResult: StoreResult = { ok: true, response: { header: { revision: 9 }, kvs: stored, more: false, count: stored.length } as never };
      const txnResult: StoreResult = { ok: true, response: { header: { revision: 9 }, succeeded: true, responses: [{ type: 'range', header: { revision: 9 }, kvs: stored, more: false, count: stored.length }, { type: 'put', header: { revision: 9 } }] } as never };
      const txnCmd: StoreCommand = { type: 'txn', compare: [], success: [] };
      const rangeCmd: StoreCommand = { type: 'range', key: '/registry/' };
      return (
        exactlyEqual(openResult(fast, rangeCmd, rangeResult), gOpenResult(general, rangeCmd, rangeResult)) &&
        exactlyEqual(openResult(fast, txnCmd, txnResult), gOpenResult(general, txnCmd, txnResult)) &&
        exactlyEqual(openEvents(fast, events), gOpenEvents(general, events))
      );
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test('a value that does not open fails the read as the general path does', (t) => {
  const { general, fast } = pair();
  const bad: KeyValue = { key: '/registry/secrets/default/x', value: 'k8s:enc:aescbc:v1:key1:garbage', createRevision: 1, modRevision: 1, version: 1, lease: 0 };
  const result: StoreResult = { ok: true, response: { header: { revision: 9 }, kvs: [bad], more: false, count: 1 } as never };
  const cmd: StoreCommand = { type: 'range', key: bad.key };
  const mine = openResult(fast, cmd, result);
  t.false(mine.ok);
  t.deepEqual(mine, gOpenResult(general, cmd, result));
  t.throws(() => openEvents(fast, [{ type: 'PUT', kv: bad }]), { message: /unable to transform key/ });
});
