// API aggregation: a group/version an APIService registers with a service is served by another
// server, to which the replica proxies each call (kube-aggregator's proxy), telling it who the
// caller is as the front proxy's X-Remote-User/X-Remote-Group headers do. Until Services route
// to pods, an APIService names the actor that serves it with the `sim.kybernetes.io/backend`
// annotation (an actor path such as `/metrics-1/metrics-server`). Watches are relayed by a child
// per stream (watch-relay.ts).

import { address, type ActorRef } from '../../../runtime/index.ts';
import type { ApiCall, ApiResponse, ApiserverMsg } from '../../../protocols/kube/api.ts';
import { serviceUnavailable } from '../../../protocols/kube/status.ts';
import type { UserInfo } from '../auth/index.ts';
import type { APIServiceSpec } from '../strategies/core/apiservice.ts';
import { reply } from './etcd.ts';
import type { Proxied, Shell } from './state.ts';

export const BACKEND_ANNOTATION = 'sim.kybernetes.io/backend';
/** How long an aggregated server has to answer. */
const PROXY_TIMEOUT_MS = 30_000;


export const UNAVAILABLE = 'the server is currently unable to handle the request';

/** The backend serving `group/version` elsewhere: its path, '' when registered without one, undefined when served here. */
export function backendOf(sh: Pick<Shell, 's'>, group: string, version: string): string | undefined {
  if (group === '' || group === 'apiregistration.k8s.io') return undefined;
  const apiService = sh.s.caches.cache({ group: 'apiregistration.k8s.io', resource: 'apiservices' })?.get('', `${version}.${group}`);
  if (apiService === undefined || (apiService.spec as APIServiceSpec | undefined)?.service === undefined) return undefined;
  return apiService.metadata.annotations?.[BACKEND_ANNOTATION] ?? '';
}

export function proxy(sh: Shell, backend: string, call: ApiCall, id: number, to: ActorRef<ApiResponse>, user: UserInfo): void {
  if (backend === '') return reply(sh, to, id, { ok: false, code: 503, body: serviceUnavailable(UNAVAILABLE) });
  const ref = address<ApiserverMsg>(backend);
  sh.ctx.ask<ApiserverMsg, ApiResponse>(ref, (replyTo) => ({ type: 'Call', id, call, user: { name: user.name, groups: user.groups }, replyTo }), PROXY_TIMEOUT_MS, (result) => ({ type: 'Proxied', id, to, result }));
}

export function onProxied(sh: Shell, m: Proxied): void {
  reply(sh, m.to, m.id, m.result.ok ? m.result.reply.result : { ok: false, code: 503, body: serviceUnavailable(UNAVAILABLE) });
}
