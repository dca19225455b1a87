// Lists from the cache with the apiserver's resourceVersion semantics (Kubernetes 1.32):
//
//  - resourceVersion "": a consistent read. The caller learns etcd's current revision first; the
//    list waits until the cache has it, then serves the cache's state (ConsistentListFromCache).
//  - "0": any state; the cache's own, now. As the 1.32 cacher does, `limit` is ignored.
//  - N, NotOlderThan (or no match and no limit): waits until the cache has N, serves the newest state.
//  - N, Exact (or no match with a limit, the legacy paging case): the state at N, rebuilt from
//    the window by undoing later events; older than the window: 410.
//  - continue: the state at the token's revision from the token's key; outside the window: 410
//    with a token to go on at the latest revision. (The 1.32 cacher passes these two cases to
//    etcd; served here from the window, with etcd's answers and wording.)
// "Waits" are returned as `{ type: 'wait', revision }`: the shell retries once `readyAt(revision)`
// and after BLOCK_TIMEOUT_MS answers `tooLargeResourceVersion`.

import type { ObjectList } from '../../../protocols/kube/api.ts';
import type { KubeObject, ListMeta } from '../../../protocols/kube/objects.ts';
import { type FailureStatus, tooOldResourceVersion } from '../../../protocols/kube/status.ts';
import { matchesFields, matchesLabels } from '../../../protocols/kube/validation/index.ts';
import { continueAfter, decodeContinue, encodeContinue } from './continue-token.ts';
import { type Predicate, compilePredicate } from './predicate.ts';
import { type ListFailureStatus, continueExpired, continueWithResourceVersion, invalidContinue, invalidResourceVersion } from './statuses.ts';
import type { Store } from './store.ts';
import type { CacheListOptions, Element } from './types.ts';
import type { EventWindow } from './window.ts';

export type ListOutcome =
  | { readonly type: 'list'; readonly list: ObjectList }
  /** Ask again once the cache has `revision`; give up with tooLargeResourceVersion after BLOCK_TIMEOUT_MS. */
  | { readonly type: 'wait'; readonly revision: number }
  | { readonly type: 'error'; readonly status: FailureStatus | ListFailureStatus };

/** What a list reads: the cache's parts, read-only. */
export interface ListSource {
  readonly store: Store;
  readonly window: EventWindow;
  readonly revision: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

const MAX_UINT64 = 2n ** 64n - 1n;

/** versioner.ParseResourceVersion: "" and "0" are 0; anything else a decimal uint64. */
export function parseResourceVersion(rv: string): number | undefined {
  if (rv === '' || rv === '0') return 0;
  if (!/^[0-9]+$/.test(rv) || BigInt(rv) > MAX_UINT64) return undefined;
  return Number(rv);
}

/** The elements in `prefix` from key `from`, as they were at `revision` (which the window must cover). */
export function stateAt(src: ListSource, revision: number, prefix: string, from: string): Element[] {
  const current = src.store.inRange(prefix, from);
  if (revision >= src.revision) return current;
  // Walking back from the newest event, the last write per key is its state at `revision`.
  const undone = new Map<string, Element | undefined>();
  const later = src.window.since(revision);
  for (let i = later.length - 1; i >= 0; i--) undone.set(later[i]!.key, later[i]!.previous);
  const out: Element[] = [];
  for (const e of current) {
    if (!undone.has(e.key)) out.push(e);
    else if (undone.get(e.key) !== undefined) out.push(undone.get(e.key)!);
  }
  let gone = false;
  for (const [k, e] of undone) {
    if (e !== undefined && src.store.get(k) === undefined && k.startsWith(prefix) && k >= from) {
      out.push(e);
      gone = true;
    }
  }
  if (gone) out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out;
}

function serve(src: ListSource, p: Predicate, revision: number, from: string, limit: number): ListOutcome {
  const objs = stateAt(src, revision, p.prefix, from);
  const metadata: ListMeta = { resourceVersion: String(revision) };
  if (p.empty && limit <= 0) return listOf(src, metadata, objs.map((e) => e.object));
  const items = [];
  let lastKey = '';
  let hasMore = false;
  for (let i = 0; i < objs.length; i++) {
    const e = objs[i]!;
    if (matchesLabels(p.labels, e.labels) && matchesFields(p.fields, e.fields)) {
      items.push(e.object);
      lastKey = e.key;
    }
    if (limit > 0 && items.length >= limit) {
      hasMore = i < objs.length - 1;
      break;
    }
  }
  if (hasMore) {
    metadata.continue = continueAfter(lastKey.slice(p.prefix.length), revision);
    // etcd counts keys, not matches: with a selector the count would mislead, so it is left out.
    if (p.empty) metadata.remainingItemCount = objs.length - limit;
  }
  return listOf(src, metadata, items);
}

const listOf = (src: ListSource, metadata: ListMeta, items: KubeObject[]): ListOutcome => ({
  type: 'list',
  list: { apiVersion: src.apiVersion, kind: `${src.kind}List`, metadata, items },
});

function continueList(src: ListSource, p: Predicate, opts: CacheListOptions): ListOutcome {
  const rv = opts.resourceVersion ?? '';
  if (rv !== '' && rv !== '0') return { type: 'error', status: continueWithResourceVersion() };
  const decoded = decodeContinue(opts.continue!);
  if (!decoded.ok) return { type: 'error', status: invalidContinue(decoded.error) };
  const { token } = decoded;
  const from = p.prefix + token.start;
  const limit = opts.limit ?? 0;
  if (token.rv < 0) return serve(src, p, src.revision, from, limit);
  if (token.rv > src.revision) return { type: 'wait', revision: token.rv };
  const oldest = src.window.oldestServable();
  if (oldest === undefined || token.rv < oldest) return { type: 'error', status: continueExpired(encodeContinue(token.start, -1)) };
  return serve(src, p, token.rv, from, limit);
}

export function list(src: ListSource, opts: CacheListOptions): ListOutcome {
  const compiled = compilePredicate(opts.namespace, opts.labelSelector, opts.fieldSelector, src.namespaced);
  if (!compiled.ok) return { type: 'error', status: compiled.status };
  const p = compiled.predicate;
  if (opts.continue) return continueList(src, p, opts);
  const rv = opts.resourceVersion ?? '';
  const limit = opts.limit ?? 0;
  if (rv === '') {
    const need = opts.currentRevision ?? src.revision;
    return src.revision < need ? { type: 'wait', revision: need } : serve(src, p, src.revision, '', limit);
  }
  if (rv === '0') return serve(src, p, src.revision, '', 0);
  const n = parseResourceVersion(rv);
  if (n === undefined) return { type: 'error', status: invalidResourceVersion(rv) };
  if (n > src.revision) return { type: 'wait', revision: n };
  const exact = opts.resourceVersionMatch === 'Exact' || (opts.resourceVersionMatch === undefined && limit > 0);
  if (!exact) return serve(src, p, src.revision, '', limit);
  const oldest = src.window.oldestServable();
  if (oldest === undefined || n < oldest) return { type: 'error', status: tooOldResourceVersion(n, oldest ?? src.revision) };
  return serve(src, p, n, '', limit);
}
