// A small apiserver for the client tests: in-memory collections served to Call and Watch, with
// a history of changes for watches to start from, a compaction point older RVs fall behind (410),
// and test controls: write directly, close every watch, compact. Not Kubernetes' semantics beyond
// what the client needs (no validation, defaulting, selectors or paging).

import { type ActorRef, defineActor } from '../../../runtime/index.ts';
import type { ApiResult, ApiserverMsg, KubeWatchEvent, WatchStream } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { alreadyExists, conflict, expired, notFound } from '../../../protocols/kube/status.ts';

export type FakeControl =
  /** Writes into configmaps unless `resource` says otherwise. */
  | { readonly type: 'Put'; readonly obj: KubeObject; readonly resource?: string }
  /** `key`: resource/namespace/name. */
  | { readonly type: 'Del'; readonly key: string }
  | { readonly type: 'CloseWatches' }
  | { readonly type: 'Compact' };

export interface World {
  rv: number;
  compacted: number;
  objects: Map<string, KubeObject>;
  /** By resource/namespace/name. */
  history: { rv: number; resource: string; type: 'ADDED' | 'MODIFIED' | 'DELETED'; obj: KubeObject }[];
  /** Every replica's watchers: a replica sends only to its own, and loses them when it crashes. */
  replicas: Set<Watchers>;
  calls: number;
  watches: number;
}

interface Watchers {
  owner?: string;
  list: { id: number; resource: string; replyTo: ActorRef<WatchStream>; seq: number }[];
  /** Sends as the replica's own actor, which is alive to send. */
  send: ((to: ActorRef<WatchStream>, m: WatchStream) => void) | null;
}

export const newWorld = (): World => ({ rv: 1, compacted: 0, objects: new Map(), history: [], replicas: new Set(), calls: 0, watches: 0 });

const keyOf = (resource: string, o: KubeObject) => `${resource}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The objects of one resource. */
export const objectsOf = (w: World, resource: string): KubeObject[] => [...w.objects].filter(([k]) => k.startsWith(`${resource}/`)).map(([, o]) => o);

function write(w: World, resource: string, type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): KubeObject {
  const stored = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++w.rv) } };
  if (type === 'DELETED') w.objects.delete(keyOf(resource, obj));
  else w.objects.set(keyOf(resource, obj), stored);
  w.history.push({ rv: w.rv, resource, type, obj: stored });
  // Each live replica tells its own watchers, as each apiserver's watch cache follows etcd.
  for (const r of w.replicas) {
    if (r.send === null) continue;
    for (const x of r.list) if (x.resource === resource) r.send(x.replyTo, { type: 'WatchEvents', id: x.id, seq: x.seq++, events: [{ type, object: stored }] });
  }
  return stored;
}

export function fakeApiserver(w: World) {
  return defineActor<ApiserverMsg | FakeControl, Watchers>({
    kind: 'kube-apiserver',
    init: (ctx) => {
      // A new incarnation (after a crash) starts with no watchers; the old one's are gone.
      for (const r of w.replicas) if (r.send !== null && r.owner === ctx.path) r.send = null;
      const mine: Watchers & { owner: string } = { list: [], send: (to, msg) => ctx.send(to, msg), owner: ctx.path };
      w.replicas.add(mine);
      return mine;
    },
    receive: (s, m, ctx) => {
      const watchers = s.list;
      switch (m.type) {
        case 'Put': {
          const resource = m.resource ?? 'configmaps';
          write(w, resource, w.objects.has(keyOf(resource, m.obj)) ? 'MODIFIED' : 'ADDED', m.obj);
          break;
        }
        case 'Del': {
          const old = w.objects.get(m.key);
          if (old) write(w, m.key.slice(0, m.key.indexOf('/')), 'DELETED', old);
          break;
        }
        case 'CloseWatches':
          for (const x of watchers) ctx.send(x.replyTo, { type: 'WatchClosed', id: x.id, seq: x.seq++ });
          s.list = [];
          break;
        case 'Compact':
          w.compacted = w.rv;
          w.history = [];
          for (const x of watchers) {
            ctx.send(x.replyTo, { type: 'WatchEvents', id: x.id, seq: x.seq++, events: [{ type: 'ERROR', object: expired(`too old resource version: ${w.compacted - 1} (${w.compacted})`) }] });
            ctx.send(x.replyTo, { type: 'WatchClosed', id: x.id, seq: x.seq++ });
          }
          s.list = [];
          break;
        case 'StopWatch':
          s.list = watchers.filter((x) => x.id !== m.id || x.replyTo.path !== m.watcher.path);
          break;
        case 'WatchPing':
          {
            const x = watchers.find((x) => x.id === m.id && x.replyTo.path === m.watcher.path);
            ctx.send(m.watcher, { type: 'WatchAlive', id: m.id, alive: x !== undefined, sent: x?.seq ?? 0 });
          }
          break;
        case 'Watch': {
          w.watches++;
          const from = Number(m.options?.resourceVersion || w.rv);
          const x = { id: m.id, resource: m.target.resource, replyTo: m.replyTo, seq: 0 };
          if (from < w.compacted) {
            ctx.send(m.replyTo, { type: 'WatchEvents', id: m.id, seq: 0, events: [{ type: 'ERROR', object: expired(`too old resource version: ${from} (${w.compacted})`) }] });
            ctx.send(m.replyTo, { type: 'WatchClosed', id: m.id, seq: 1 });
            break;
          }
          const events: KubeWatchEvent[] = w.history.filter((h) => h.rv > from && h.resource === x.resource).map((h) => ({ type: h.type, object: h.obj }));
          if (events.length > 0) ctx.send(m.replyTo, { type: 'WatchEvents', id: m.id, seq: x.seq++, events });
          watchers.push(x);
          break;
        }
        case 'Call': {
          w.calls++;
          const c = m.call;
          const ns = c.target.namespace ?? '';
          const res = c.target.resource;
          const gr = { group: c.target.group, resource: res };
          const at = (name: string) => `${res}/${ns}/${name}`;
          let result: ApiResult;
          if (c.verb === 'list') {
            const items = objectsOf(w, res).filter((o) => ns === '' || o.metadata.namespace === ns);
            result = { ok: true, code: 200, body: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(w.rv) }, items } };
          } else if (c.verb === 'create') {
            result = w.objects.has(at(c.body.metadata.name!))
              ? { ok: false, code: 409, body: alreadyExists(gr, c.body.metadata.name!) }
              : { ok: true, code: 201, body: write(w, res, 'ADDED', { ...c.body, metadata: { ...c.body.metadata, namespace: ns } }) };
          } else if (c.verb === 'update') {
            const old = w.objects.get(at(c.target.name!));
            if (!old) result = { ok: false, code: 404, body: notFound(gr, c.target.name!) };
            else if (c.body.metadata.resourceVersion && c.body.metadata.resourceVersion !== old.metadata.resourceVersion) result = { ok: false, code: 409, body: conflict(gr, c.target.name!) };
            else result = { ok: true, code: 200, body: write(w, res, 'MODIFIED', c.body) };
          } else if (c.verb === 'get') {
            const old = w.objects.get(at(c.target.name!));
            result = old ? { ok: true, code: 200, body: old } : { ok: false, code: 404, body: notFound(gr, c.target.name!) };
          } else if (c.verb === 'patch') {
            // Merge of top-level fields only: enough for the event recorder's count patches.
            const old = w.objects.get(at(c.target.name!));
            result = old ? { ok: true, code: 200, body: write(w, res, 'MODIFIED', { ...old, ...(JSON.parse(c.patch) as object) }) } : { ok: false, code: 404, body: notFound(gr, c.target.name!) };
          } else if (c.verb === 'delete') {
            const old = w.objects.get(at(c.target.name!));
            result = old ? { ok: true, code: 200, body: write(w, res, 'DELETED', old) } : { ok: false, code: 404, body: notFound(gr, c.target.name!) };
          } else result = { ok: false, code: 405, body: notFound(gr, '') };
          ctx.send(m.replyTo, { type: 'ApiResponse', id: m.id, result });
          break;
        }
      }
      return s;
    },
  });
}

/** Crashes a replica's host: its watchers are gone with it (their streams fall silent). */
export function crashReplica(w: World, sim: { crashHost(name: string): unknown }, hostName: string): void {
  sim.crashHost(hostName);
  for (const r of w.replicas) if (r.owner === `/${hostName}/kube-apiserver`) r.send = null;
}
