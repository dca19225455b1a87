// Lists, and gets that name a resourceVersion, served from the watch cache as Kubernetes 1.32
// serves them: a list with no resourceVersion is a consistent read (etcd's current revision is
// read first and the cache waited for, ConsistentListFromCache); "0" takes the cache as it is.

import type { ActorRef } from '../../../runtime/index.ts';
import type { RangeResponse } from '../../../protocols/etcd/kv.ts';
import type { ApiResponse, GetOptions, ListOptions, Target } from '../../../protocols/kube/api.ts';
import { apiVersionOf, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { internalError, notFound } from '../../../protocols/kube/status.ts';
import { cacheKeyOf, REGISTRY_RANGE } from '../cache/caches.ts';
import { BLOCK_TIMEOUT_MS } from '../watch-cache/index.ts';
import { reply, request } from './etcd.ts';
import type { Shell } from './state.ts';
import { park } from './watching.ts';

/** etcd's current revision, by the cheapest linearizable read there is. */
function currentRevision(sh: Shell, then: (revision: number | undefined) => void): void {
  request(sh, { type: 'range', key: REGISTRY_RANGE.key, rangeEnd: REGISTRY_RANGE.rangeEnd, limit: 1, keysOnly: true }, (result) =>
    then(result.ok ? (result.response as RangeResponse).header.revision : undefined),
  );
}

export function listFromCache(sh: Shell, r: ResourceInfo, target: Target, options: ListOptions, to: ActorRef<ApiResponse>, id: number): void {
  const cache = sh.s.caches.cache(r)!;
  const serve = (currentRev?: number) => {
    const outcome = cache.list({ ...(target.namespace ? { namespace: target.namespace } : {}), ...options, ...(currentRev !== undefined ? { currentRevision: currentRev } : {}) });
    switch (outcome.type) {
      case 'list':
        return reply(sh, to, id, { ok: true, code: 200, body: outcome.list });
      case 'error':
        return reply(sh, to, id, { ok: false, code: outcome.status.code, body: outcome.status as never });
      case 'wait':
        return park(sh, {
          revision: outcome.revision,
          cacheKey: cacheKeyOf(r),
          deadline: sh.ctx.now() + BLOCK_TIMEOUT_MS,
          ready: () => serve(currentRev),
          timedOut: () => {
            const status = cache.tooLarge(outcome.revision);
            reply(sh, to, id, { ok: false, code: status.code, body: status });
          },
        });
    }
  };
  if ((options.resourceVersion ?? '') !== '' || options.continue) return serve();
  currentRevision(sh, (rev) => (rev === undefined ? reply(sh, to, id, { ok: false, code: 500, body: internalError('etcdserver: request timed out') }) : serve(rev)));
}

/** A get at a named resourceVersion: the cached object once the cache has reached it. */
export function getFromCache(sh: Shell, r: ResourceInfo, target: Target, options: GetOptions, to: ActorRef<ApiResponse>, id: number): void {
  const cache = sh.s.caches.cache(r)!;
  const wanted = Number(options.resourceVersion);
  const serve = () => {
    const obj = cache.get(target.namespace ?? '', target.name ?? '');
    if (obj === undefined) return reply(sh, to, id, { ok: false, code: 404, body: notFound({ group: r.group, resource: r.resource }, target.name ?? '') });
    reply(sh, to, id, { ok: true, code: 200, body: { ...obj, apiVersion: obj.apiVersion || apiVersionOf(r) } });
  };
  if (!Number.isFinite(wanted) || cache.readyAt(wanted)) return serve();
  park(sh, {
    revision: wanted,
    cacheKey: cacheKeyOf(r),
    deadline: sh.ctx.now() + BLOCK_TIMEOUT_MS,
    ready: serve,
    timedOut: () => {
      const status = cache.tooLarge(wanted);
      reply(sh, to, id, { ok: false, code: status.code, body: status });
    },
  });
}
