// The reflector and informer against a model server under faults: writes and deletes, stream
// messages lost (a seq gap), watches closed, history compacted (410), lists failing. Once the
// faults stop and everything pending is delivered, the cache equals the server's objects; and
// throughout, no notification about an object goes back in resourceVersion or repeats one.

import test from 'ava';
import fc from 'fast-check';
import { applyOp, informerState } from '../../../actors/client/informer.ts';
import { type Env, listed, type ReflectorConfig, type ReflectorOutput, start, streamed, timerFired } from '../../../actors/client/reflector.ts';
import { STANDARD_INDEXERS } from '../../../actors/client/store.ts';
import type { ApiResult, WatchStream } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { expired, internalError } from '../../../protocols/kube/status.ts';

const c: ReflectorConfig = { target: { group: '', version: 'v1', resource: 'configmaps' }, idBase: 0 };
type Op = { op: 'put' | 'del'; name: string } | { op: 'deliver' | 'drop' | 'close' | 'compact' | 'tick' | 'failList' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('put' as const, 'del' as const), name: fc.constantFrom('a', 'b', 'c', 'd') }),
  fc.record({ op: fc.constantFrom('deliver' as const, 'deliver' as const, 'drop' as const, 'close' as const, 'compact' as const, 'tick' as const, 'failList' as const) }),
);

function run(ops: Op[]): string | null {
  let rv = 1;
  let compacted = 0;
  const objects = new Map<string, KubeObject>();
  const history: { rv: number; type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KubeObject }[] = [];
  let watcher = null as { id: number; seq: number; queue: WatchStream[] } | null;
  let failNextList = false;
  let now = 0;
  let timer = null as { token: number; delayMs: number } | null;
  let pong = null as WatchStream | null;
  const inf = informerState(STANDARD_INDEXERS);
  const s = inf.reflector;
  const lastRV = new Map<string, number>();
  let problem: string | null = null;
  const env = (): Env => ({ now, pick: () => 0 });

  const push = (m: WatchStream) => watcher?.queue.push(m);
  const perform = (outs: ReflectorOutput[]): void => {
    for (const o of outs) {
      if (o.type === 'list') {
        const at = Number(o.options.resourceVersion || 0);
        let r: ApiResult;
        if (failNextList) {
          failNextList = false;
          r = { ok: false, code: 500, body: internalError('etcd is down') };
        } else if (at !== 0 && at < compacted) r = { ok: false, code: 410, body: expired(`too old resource version: ${at} (${compacted})`) };
        else r = { ok: true, code: 200, body: { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: String(rv) }, items: [...objects.values()] } };
        perform(listed(s, c, env(), r));
      } else if (o.type === 'watch') {
        const from = Number(o.options.resourceVersion);
        watcher = { id: o.id, seq: 0, queue: [] };
        if (from < compacted) {
          push({ type: 'WatchEvents', id: o.id, seq: watcher.seq++, events: [{ type: 'ERROR', object: expired('too old') }] });
          push({ type: 'WatchClosed', id: o.id, seq: watcher.seq++ });
        } else {
          const evs = history.filter((h) => h.rv > from).map((h) => ({ type: h.type, object: h.obj }));
          if (evs.length > 0) push({ type: 'WatchEvents', id: o.id, seq: watcher.seq++, events: evs });
        }
      } else if (o.type === 'stopWatch') {
        if (watcher?.id === o.id) watcher = null;
      } else if (o.type === 'ping') {
        // The answer comes outside the stream, after what is already in flight: a lost message shows in `sent`.
        pong = watcher?.id === o.id ? { type: 'WatchAlive', id: o.id, alive: true, sent: watcher.seq } : { type: 'WatchAlive', id: o.id, alive: false, sent: 0 };
      } else if (o.type === 'timer') timer = { token: o.token, delayMs: o.delayMs };
      else {
        for (const n of applyOp(inf, STANDARD_INDEXERS, o)) {
          const key = n.obj.metadata.name!;
          const nrv = Number(n.obj.metadata.resourceVersion);
          const last = lastRV.get(key) ?? 0;
          const unknown = n.type === 'delete' && n.unknownFinalState === true;
          if (unknown ? nrv < last : nrv <= last) problem ??= `${n.type} ${key} at RV ${nrv} after ${last}`;
          lastRV.set(key, nrv);
        }
      }
    }
  };
  const deliver = () => {
    const m = watcher?.queue.shift() ?? pong;
    if (m === pong) pong = null;
    if (m) perform(streamed(s, c, env(), m));
  };
  const tick = () => {
    if (timer === null) return;
    const t = timer;
    timer = null;
    now += t.delayMs;
    perform(timerFired(s, c, env(), t.token));
  };
  const write = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => {
    const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } };
    if (type === 'DELETED') objects.delete(obj.metadata.name!);
    else objects.set(obj.metadata.name!, stored);
    history.push({ rv, type, obj: stored });
    if (watcher) push({ type: 'WatchEvents', id: watcher.id, seq: watcher.seq++, events: [{ type, object: stored }] });
  };

  perform(start(s, c));
  for (const op of ops) {
    now += 100;
    switch (op.op) {
      case 'put': {
        const old = objects.get(op.name);
        write(old ? 'MODIFIED' : 'ADDED', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: op.name, namespace: 'd' }, data: { at: String(rv) } });
        break;
      }
      case 'del': {
        const old = objects.get(op.name);
        if (old) write('DELETED', old);
        break;
      }
      case 'deliver':
        deliver();
        break;
      case 'drop':
        if (watcher) watcher.queue.shift();
        break;
      case 'close':
        if (watcher) push({ type: 'WatchClosed', id: watcher.id, seq: watcher.seq++ });
        break;
      case 'compact':
        compacted = rv;
        history.length = 0;
        if (watcher) {
          push({ type: 'WatchEvents', id: watcher.id, seq: watcher.seq++, events: [{ type: 'ERROR', object: expired('too old') }] });
          push({ type: 'WatchClosed', id: watcher.id, seq: watcher.seq++ });
        }
        break;
      case 'tick':
        tick();
        break;
      case 'failList':
        failNextList = true;
        break;
    }
  }
  // Faults over: deliver everything and let timers fire: a waiting relist or rewatch happens, and
  // a watch whose last message was lost falls silent and is resumed.
  failNextList = false;
  const deliverAll = () => {
    while ((watcher !== null && watcher.queue.length > 0) || pong !== null) deliver();
  };
  for (let i = 0; i < 6; i++) {
    deliverAll();
    tick();
  }
  deliverAll();
  if (problem) return problem;
  const cache = Object.fromEntries(Object.entries(inf.store.items).sort().map(([k, o]) => [k, o.metadata.resourceVersion]));
  const server = Object.fromEntries([...objects.values()].map((o) => [`d/${o.metadata.name}`, o.metadata.resourceVersion]));
  return JSON.stringify(cache) === JSON.stringify(Object.fromEntries(Object.entries(server).sort())) ? null : `cache ${JSON.stringify(cache)} server ${JSON.stringify(server)}`;
}

test('property: under faults the informer ends equal to the server, never going back in resourceVersion', (t) => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const problem = run(ops);
      if (problem !== null) throw new Error(problem);
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('a known sequence: a drop, a compaction and a failed list still converge', (t) => {
  t.is(run([{ op: 'put', name: 'a' }, { op: 'drop' }, { op: 'put', name: 'b' }, { op: 'deliver' }, { op: 'failList' }, { op: 'compact' }, { op: 'del', name: 'a' }, { op: 'deliver' }, { op: 'deliver' }, { op: 'tick' }, { op: 'tick' }]), null);
});
