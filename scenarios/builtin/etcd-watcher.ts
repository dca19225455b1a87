// A watcher for the etcd fault runs: it watches the workload's keys from revision 1 through an
// etcd client on its host, over every fault, and keeps each response's events as delivered, for
// the watch-guarantee check at the end.

import { defineActor, stateKey } from '../../runtime/index.ts';
import { type ClientMsg, etcdClientService, type WatchUpdate } from '../../protocols/etcd/client.ts';
import type { WatchEvent } from '../../protocols/etcd/kv.ts';

export const WATCHED = { key: 'a', rangeEnd: 'd', startRevision: 1 } as const;

export interface WatcherState {
  deliveries: WatchEvent[][];
  compactedAt?: number;
  /** Canceled for another reason than compaction: that breaks the watch (it should have resumed). */
  canceled?: string;
}

export type WatcherMsg = { readonly type: 'Start' } | WatchUpdate;

export const watcherKey = stateKey<WatcherState>('etcd-watcher');

/** Watches through the etcd client on the host named `clientHost`. */
export const watcher = (clientHost: string) =>
  defineActor<WatcherMsg, WatcherState>({
    kind: watcherKey.kind,
    init: () => ({ deliveries: [] }),
    receive: (s, m, ctx) => {
      if (m.type === 'Start') ctx.send(etcdClientService.on(clientHost), { type: 'Watch', id: 1, request: { ...WATCHED, prevKv: true }, replyTo: ctx.self });
      else if (m.type === 'WatchEvents') s.deliveries.push([...m.events]);
      else if (m.compactRevision > 0) s.compactedAt = m.compactRevision;
      else s.canceled = m.reason;
      return s;
    },
    describe: (s) => ({ responses: s.deliveries.length, events: s.deliveries.reduce((n, d) => n + d.length, 0), ...(s.compactedAt ? { compactedAt: s.compactedAt } : {}) }),
  });
