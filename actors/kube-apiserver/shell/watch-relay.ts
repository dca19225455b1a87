// A watch of an aggregated group/version, proxied: as kube-aggregator holds the backend's stream
// open for the length of the client's request, the replica starts a child for each such watch
// that relays the aggregated server's stream to the client, and the client's stop and pings to
// the server. The child is the proxied connection: when the replica restarts it is gone, and the
// client's next ping finds the watch forgotten, as a reset connection would.

import { address, type ActorRef, defineActor } from '../../../runtime/index.ts';
import type { ApiserverMsg, ListOptions, RemoteUser, Target, WatchStream } from '../../../protocols/kube/api.ts';
import { type FailureStatus, serviceUnavailable } from '../../../protocols/kube/status.ts';
import { admit } from './access.ts';
import { backendOf, UNAVAILABLE } from './aggregation.ts';
import type { ApiserverSelfMsg, RelayEnded, Shell } from './state.ts';
import { watcherId } from './watching.ts';

type RelayMsg = WatchStream | { readonly type: 'RelayStop' } | { readonly type: 'RelayPing' };

interface RelaySpec {
  readonly key: string;
  readonly backend: string;
  readonly target: Target;
  readonly options: ListOptions;
  readonly user: RemoteUser;
  readonly client: ActorRef<WatchStream>;
  readonly clientId: number;
  readonly parent: ActorRef<ApiserverSelfMsg>;
}

const RELAY_KIND = 'aggregated-watch';

function relay(r: RelaySpec) {
  const backend = address<ApiserverMsg>(r.backend);
  return defineActor<RelayMsg, undefined>({
    kind: RELAY_KIND,
    init: (ctx) => {
      ctx.send(backend, { type: 'Watch', id: r.clientId, target: r.target, options: r.options, user: r.user, replyTo: ctx.self });
      return undefined;
    },
    receive(s, m, ctx) {
      const end = () => {
        ctx.send(r.parent, { type: 'RelayEnded', key: r.key });
        ctx.stop();
      };
      switch (m.type) {
        case 'WatchEvents':
          ctx.send(r.client, { type: 'WatchEvents', id: r.clientId, seq: m.seq, events: m.events });
          break;
        case 'WatchClosed':
          ctx.send(r.client, { type: 'WatchClosed', id: r.clientId, seq: m.seq });
          end();
          break;
        case 'WatchRefused':
          ctx.send(r.client, { type: 'WatchRefused', id: r.clientId, result: m.result });
          end();
          break;
        case 'WatchAlive':
          ctx.send(r.client, { type: 'WatchAlive', id: r.clientId, alive: m.alive, sent: m.sent });
          if (!m.alive) end();
          break;
        case 'RelayPing':
          ctx.send(backend, { type: 'WatchPing', id: r.clientId, watcher: ctx.self });
          break;
        case 'RelayStop':
          ctx.send(backend, { type: 'StopWatch', id: r.clientId, watcher: ctx.self });
          ctx.stop();
          break;
      }
      return s;
    },
  });
}

/**
 * A watch whose group/version an APIService serves elsewhere: authorized here, then relayed to its
 * server (503 when the APIService names none). False when the group/version is served here.
 */
export function proxyWatch(sh: Shell, target: Target, options: ListOptions, client: ActorRef<WatchStream>, clientId: number, token: string | undefined): boolean {
  const backend = backendOf(sh, target.group, target.version);
  if (backend === undefined) return false;
  const refuse = (body: FailureStatus) => {
    sh.ctx.send(client, { type: 'WatchRefused', id: clientId, result: { ok: false, code: body.code, body } });
    return true;
  };
  const access = admit(sh, token, 'watch', target, options);
  if ('status' in access) return refuse(access.status);
  if (backend === '') return refuse(serviceUnavailable(UNAVAILABLE));
  const key = watcherId(client, clientId);
  const name = `watch-${sh.s.relays.next++}`;
  sh.s.relays.byWatch.set(key, name);
  const user = { name: access.user.name, groups: access.user.groups };
  sh.ctx.spawn(relay({ key, backend, target, options, user, client, clientId, parent: sh.ctx.self }), { name, restart: 'temporary' });
  return true;
}

const relayOf = (sh: Shell, client: ActorRef<WatchStream>, clientId: number): { key: string; ref: ActorRef<RelayMsg> | undefined } | undefined => {
  const key = watcherId(client, clientId);
  const name = sh.s.relays.byWatch.get(key);
  return name === undefined ? undefined : { key, ref: sh.ctx.child<RelayMsg>(name) };
};

/** The client's stop, passed on to a proxied watch's server; false when the watch is not proxied. */
export function stopProxiedWatch(sh: Shell, client: ActorRef<WatchStream>, clientId: number): boolean {
  const r = relayOf(sh, client, clientId);
  if (r === undefined) return false;
  sh.s.relays.byWatch.delete(r.key);
  if (r.ref !== undefined) sh.ctx.send(r.ref, { type: 'RelayStop' });
  return true;
}

/** The client's ping, passed on to a proxied watch's server, which answers it; false when the watch is not proxied. */
export function pingProxiedWatch(sh: Shell, client: ActorRef<WatchStream>, clientId: number): boolean {
  const r = relayOf(sh, client, clientId);
  if (r === undefined) return false;
  if (r.ref !== undefined) sh.ctx.send(r.ref, { type: 'RelayPing' });
  else {
    // The relay failed: the connection is gone.
    sh.s.relays.byWatch.delete(r.key);
    sh.ctx.send(client, { type: 'WatchAlive', id: clientId, alive: false, sent: 0 });
  }
  return true;
}

export function onRelayEnded(sh: Shell, m: RelayEnded): void {
  sh.s.relays.byWatch.delete(m.key);
}
