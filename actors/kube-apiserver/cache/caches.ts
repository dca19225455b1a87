// Every resource's watch cache, fed from one etcd watch on the whole registry. Kubernetes runs one
// etcd watch per resource; one over `/registry/` carries the same events in the same revision
// order with a single stream, and each event goes to the cache whose key prefix it falls under.

import type { KeyValue, WatchEvent } from '../../../protocols/etcd/kv.ts';
import { crdResources, isEstablished } from '../../../protocols/kube/crd-resources.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { apiVersionOf, resourceFor, RESOURCES, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { REGISTRY_ROOT, storagePrefix } from '../../../protocols/kube/storage-keys.ts';
import { decodeObject } from '../storage/codec.ts';
import { OwnWrites } from './own-writes.ts';
import type { Strategy } from '../strategies/types.ts';
import { type Dispatch, WatchCache } from '../watch-cache/index.ts';

/** The etcd range and watch that cover every object: `/registry/` up to `/registry0`. */
export const REGISTRY_RANGE = { key: `${REGISTRY_ROOT}/`, rangeEnd: `${REGISTRY_ROOT}0` } as const;

export const cacheKeyOf = (r: Pick<ResourceInfo, 'group' | 'resource'>): string => `${r.group}/${r.resource}`;

export interface CacheDispatch {
  readonly cacheKey: string;
  readonly dispatch: Dispatch;
}

/** Who else follows the objects as the caches take them in (the Node authorizer's graph). */
export interface CacheObserver {
  /** A cache filled by a list (the first, or a relist) with these objects. */
  replaced(cacheKey: string, objects: readonly KubeObject[]): void;
  /** An event the cache took in: the object put, or deleted (its last state). */
  changed(cacheKey: string, type: 'put' | 'delete', object: KubeObject): void;
}

const CRDS = resourceFor('apiextensions.k8s.io', 'customresourcedefinitions')!;
const CRDS_KEY = cacheKeyOf(CRDS);

export class ResourceCaches {
  private readonly byKey = new Map<string, WatchCache>();
  /** The same caches by group, then resource: found without making their key's text (asked many times a request). */
  private readonly byGroup = new Map<string, Map<string, WatchCache>>();
  /** Longest prefix first, so `services/specs/` wins over nothing shorter by accident. */
  private prefixes: { prefix: string; cacheKey: string }[] = [];
  /** The first of `prefixes` for each prefix text, rebuilt when they change: a key's owner in a few lookups. */
  private owners: Map<string, string> | undefined;
  /** The last key looked up, with the prefix map it was looked up in and its owner. */
  private last: { readonly key: string; readonly owners: Map<string, string> | undefined; readonly owner: string | undefined } = { key: '', owners: undefined, owner: undefined };
  /** One group/resource object per cache key, handed out by resourceOf. */
  private readonly resources = new Map<string, { readonly group: string; readonly resource: string }>();
  /** The resources the established CRDs serve, every served version, by cache key (one cache per resource). */
  private readonly customs = new Map<string, ResourceInfo[]>();
  private listedAt = 0;
  /** The revision of the last change each cache took in (its list, or an event). */
  private readonly changed = new Map<string, number>();
  /** The revision the etcd watch has brought every cache up to (each may have more of its own). */
  private readonly floor = { revision: 0 };
  /** What this replica wrote and its watch has not brought back yet (see own-writes.ts). */
  readonly own = new OwnWrites();

  constructor(
    private readonly strategyFor: (r: ResourceInfo) => Strategy,
    resources: readonly ResourceInfo[] = RESOURCES,
    private readonly observer?: CacheObserver,
  ) {
    for (const r of resources) this.add(r);
  }

  private add(r: ResourceInfo): WatchCache {
    const strategy = this.strategyFor(r);
    const selectableFields = strategy.selectableFields?.bind(strategy);
    const cache = new WatchCache({ apiVersion: apiVersionOf(r), kind: r.kind, namespaced: r.namespaced, progressFloor: this.floor, ...(selectableFields ? { selectableFields } : {}) });
    this.byKey.set(cacheKeyOf(r), cache);
    let inGroup = this.byGroup.get(r.group);
    if (inGroup === undefined) this.byGroup.set(r.group, (inGroup = new Map()));
    inGroup.set(r.resource, cache);
    this.prefixes.push({ prefix: `${storagePrefix(r)}/`, cacheKey: cacheKeyOf(r) });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
    this.owners = undefined;
    return cache;
  }

  /** A served custom resource at `group`, `version`, `resource`, if an established CRD serves it. */
  custom(group: string, version: string, resource: string): ResourceInfo | undefined {
    return this.customs.get(`${group}/${resource}`)?.find((r) => r.version === version);
  }

  /** Brings the custom caches in line with the established CRDs; a new one starts empty at `revision`. */
  private syncCustom(revision: number): CacheDispatch[] {
    const wanted = new Map<string, ResourceInfo[]>();
    for (const crd of this.listAt(this.byKey.get(cacheKeyOf(CRDS))) as unknown as CustomResourceDefinition[]) {
      if (!isEstablished(crd)) continue;
      const rows = crdResources(crd);
      if (rows.length > 0) wanted.set(cacheKeyOf(rows[0]!), rows);
    }
    const out: CacheDispatch[] = [];
    for (const cacheKey of [...this.customs.keys()]) {
      if (wanted.has(cacheKey)) continue;
      this.customs.delete(cacheKey);
      const cache = this.byKey.get(cacheKey)!;
      this.byKey.delete(cacheKey);
      const rows = this.resourceOfKey(cacheKey);
      this.byGroup.get(rows.group)?.delete(rows.resource);
      this.prefixes = this.prefixes.filter((p) => p.cacheKey !== cacheKey);
      this.owners = undefined;
      out.push({ cacheKey, dispatch: cache.replace([], revision) });
    }
    for (const [cacheKey, rows] of wanted) {
      const known = this.customs.has(cacheKey);
      this.customs.set(cacheKey, rows);
      if (!known) this.add(rows[0]!).replace([], revision);
    }
    return out;
  }

  get listed(): boolean {
    return this.listedAt > 0;
  }

  cache(r: Pick<ResourceInfo, 'group' | 'resource'>): WatchCache | undefined {
    return this.listed ? this.byGroup.get(r.group)?.get(r.resource) : undefined;
  }

  /** The object at `namespace`/`name` in the resource's cache, if listed and there (admission asks a few per write). */
  object(group: string, resource: string, namespace: string, name: string): KubeObject | undefined {
    return this.listed ? this.byGroup.get(group)?.get(resource)?.get(namespace, name) : undefined;
  }

  /** The revision of the last change to the resource's cache: derived data is stale when it moved. */
  changedAt(cacheKey: string): number {
    return this.changed.get(cacheKey) ?? 0;
  }

  /** The resource a key is stored under, if the replica serves it: the same object for every key of a resource. */
  resourceOf(key: string): { readonly group: string; readonly resource: string } | undefined {
    const cacheKey = this.ownerOf(key);
    return cacheKey === undefined ? undefined : this.resourceOfKey(cacheKey);
  }

  private resourceOfKey(cacheKey: string): { readonly group: string; readonly resource: string } {
    let gr = this.resources.get(cacheKey);
    if (gr === undefined) {
      const slash = cacheKey.indexOf('/');
      this.resources.set(cacheKey, (gr = { group: cacheKey.slice(0, slash), resource: cacheKey.slice(slash + 1) }));
    }
    return gr;
  }

  /** The objects a resource's cache holds now ('' namespace: all of them); none before the first list. */
  items(group: string, resource: string, namespace = ''): readonly KubeObject[] {
    return this.listAt(this.listed ? this.byGroup.get(group)?.get(resource) : undefined, namespace);
  }

  private listAt(cache: WatchCache | undefined, namespace = ''): readonly KubeObject[] {
    // What a list at resourceVersion "0" gives, without a list's work (admission asks on every write).
    return cache?.objects(namespace) ?? [];
  }

  cacheByKey(cacheKey: string): WatchCache | undefined {
    return this.listed ? this.byKey.get(cacheKey) : undefined;
  }

  entries(): IterableIterator<[string, WatchCache]> {
    return this.byKey.entries();
  }

  /** The cache of the longest prefix of `key` (every prefix ends in '/'): the key's prefixes up to each '/', longest first. */
  private ownerOf(key: string): string | undefined {
    const owners = this.ownersByPrefix();
    // A write's key is asked after three times (sealing it, opening its event, caching it).
    if (key === this.last.key && owners === this.last.owners) return this.last.owner;
    const owner = this.findOwner(owners, key);
    this.last = { key, owners, owner };
    return owner;
  }

  private findOwner(owners: Map<string, string>, key: string): string | undefined {
    for (let end = key.lastIndexOf('/'); end >= 0; end = key.lastIndexOf('/', end - 1)) {
      const owner = owners.get(key.slice(0, end + 1));
      if (owner !== undefined) return owner;
      if (end === 0) break;
    }
    return undefined;
  }

  private ownersByPrefix(): Map<string, string> {
    if (this.owners !== undefined) return this.owners;
    const owners = new Map<string, string>();
    for (const p of this.prefixes) if (!owners.has(p.prefix)) owners.set(p.prefix, p.cacheKey);
    return (this.owners = owners);
  }

  /** The initial list (or a relist after compaction): every cache replaced at `revision`. */
  replaceAll(kvs: readonly KeyValue[], revision: number): CacheDispatch[] {
    // The CRDs first, so that their resources have caches before the custom objects are sorted out.
    const crdPrefix = `${storagePrefix(CRDS)}/`;
    // A list sets every cache at its revision, as it was before any progress.
    this.floor.revision = 0;
    this.byKey.get(cacheKeyOf(CRDS))!.replace(kvs.filter((kv) => kv.key.startsWith(crdPrefix)).map(decodeObject), revision);
    const dropped = this.syncCustom(revision);
    const objects = new Map<string, KubeObject[]>([...this.byKey.keys()].map((k) => [k, []]));
    for (const kv of kvs) {
      const owner = this.ownerOf(kv.key);
      if (owner !== undefined) objects.get(owner)!.push(decodeObject(kv));
    }
    this.listedAt = revision;
    this.own.clear();
    for (const cacheKey of this.byKey.keys()) this.changed.set(cacheKey, revision);
    if (this.observer) for (const [cacheKey, list] of objects) this.observer.replaced(cacheKey, list);
    return [...dropped, ...[...this.byKey].map(([cacheKey, cache]) => ({ cacheKey, dispatch: cache.replace(objects.get(cacheKey)!, revision) }))];
  }

  /** One etcd watch response: each event to its cache, then every cache advanced to `revision`. */
  apply(events: readonly WatchEvent[], revision: number, now: number): CacheDispatch[] {
    const out: CacheDispatch[] = [];
    // One revision can change several keys of a cache (a lease's revoke deletes every Event on it
    // in one write), and etcd sends a revision's events together, in order: an event at the
    // cache's revision is new when this response already brought events of that revision, and
    // seen before otherwise.
    let applying = -1;
    for (const e of events) {
      const cacheKey = this.ownerOf(e.kv.key);
      if (cacheKey === undefined) continue;
      const cache = this.byKey.get(cacheKey)!;
      const at = e.kv.modRevision;
      if (at < cache.revision || (at === cache.revision && at !== applying)) continue;
      applying = at;
      this.changed.set(cacheKey, at);
      if (e.type === 'PUT') {
        const object = this.own.take(e.kv) ?? decodeObject(e.kv);
        this.observer?.changed(cacheKey, 'put', object);
        out.push({ cacheKey, dispatch: cache.apply({ type: e.kv.version === 1 ? 'ADDED' : 'MODIFIED', object, revision: at }, now) });
      } else if (e.prevKv !== undefined) {
        const object = decodeObject(e.prevKv);
        this.observer?.changed(cacheKey, 'delete', object);
        out.push({ cacheKey, dispatch: cache.apply({ type: 'DELETED', object, revision: at }, now) });
      }
      if (cacheKey === CRDS_KEY) out.push(...this.syncCustom(at));
    }
    // An empty response is a progress notification: nothing in the range changed up to `revision`.
    // Otherwise only the last event's revision is known to be complete.
    const upTo = events.length === 0 ? revision : events[events.length - 1]!.kv.modRevision;
    if (this.floor.revision < upTo) this.floor.revision = upTo;
    return out;
  }
}
