// client-go's cache.Indexer: objects by key (`namespace/name`, or `name` when cluster-scoped)
// with secondary indices kept as they change. Index functions are code and live in the owner's
// definition (an Indexers table); the store itself is plain data.

import type { KubeObject } from '../../protocols/kube/objects.ts';

/** Index values of an object; an object may sit under several values of one index, or none. */
export type IndexFunc = (obj: KubeObject) => readonly string[];
export type Indexers = Readonly<Record<string, IndexFunc>>;

export interface Store {
  items: Record<string, KubeObject>;
  /** index name → index value → the keys under it (a set as an object). */
  indices: Record<string, Record<string, Record<string, true>>>;
  /** index name → index value → how many keys: emptiness known without enumerating a large set. */
  sizes: Record<string, Record<string, number>>;
}

/** cache.MetaNamespaceKeyFunc. */
export function keyOf(obj: { readonly metadata: KubeObject['metadata'] }): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name}` : `${obj.metadata.name}`;
}

/** cache.SplitMetaNamespaceKey. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

// The names client-go and its users give these indices.
export const NAMESPACE_INDEX = 'namespace';
export const NODE_NAME_INDEX = 'spec.nodeName';
export const OWNER_UID_INDEX = 'ownerUID';
export const LABEL_INDEX = 'label';

/** The indexers a component usually wants: by namespace, node name (pods), owner uid, label key=value. */
export const STANDARD_INDEXERS: Indexers = {
  [NAMESPACE_INDEX]: (o) => (o.metadata.namespace ? [o.metadata.namespace] : []),
  [NODE_NAME_INDEX]: (o) => {
    const node = (o.spec as { nodeName?: unknown } | undefined)?.nodeName;
    return typeof node === 'string' && node !== '' ? [node] : [];
  },
  [OWNER_UID_INDEX]: (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid),
  [LABEL_INDEX]: (o) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`),
};

export const emptyStore = (indexers: Indexers): Store => ({
  items: {},
  indices: Object.fromEntries(Object.keys(indexers).map((n) => [n, {}])),
  sizes: Object.fromEntries(Object.keys(indexers).map((n) => [n, {}])),
});

function unindex(s: Store, indexers: Indexers, key: string, obj: KubeObject): void {
  for (const [name, fn] of Object.entries(indexers)) {
    const index = s.indices[name]!;
    const sizes = s.sizes[name]!;
    for (const v of fn(obj)) {
      const set = index[v];
      if (set === undefined || !set[key]) continue;
      delete set[key];
      if (--sizes[v]! === 0) {
        delete index[v];
        delete sizes[v];
      }
    }
  }
}

function index(s: Store, indexers: Indexers, key: string, obj: KubeObject): void {
  for (const [name, fn] of Object.entries(indexers)) {
    const idx = (s.indices[name] ??= {});
    const sizes = (s.sizes[name] ??= {});
    for (const v of fn(obj)) {
      const set = (idx[v] ??= {});
      if (set[key]) continue;
      set[key] = true;
      sizes[v] = (sizes[v] ?? 0) + 1;
    }
  }
}

/** Add or Update: returns the object it replaced, if any. */
export function put(s: Store, indexers: Indexers, obj: KubeObject): KubeObject | undefined {
  const key = keyOf(obj);
  const old = s.items[key];
  if (old !== undefined) unindex(s, indexers, key, old);
  s.items[key] = obj;
  index(s, indexers, key, obj);
  return old;
}

export function remove(s: Store, indexers: Indexers, key: string): KubeObject | undefined {
  const old = s.items[key];
  if (old === undefined) return undefined;
  unindex(s, indexers, key, old);
  delete s.items[key];
  return old;
}

export const get = (s: Store, key: string): KubeObject | undefined => s.items[key];

/** Keys in byte order, so that every consumer sees one deterministic order. */
export const keys = (s: Store): string[] => Object.keys(s.items).sort();

export const list = (s: Store): KubeObject[] => keys(s).map((k) => s.items[k]!);

/** ByIndex: the objects under one value of an index, in key order. Throws for an unknown index, as client-go. */
export function byIndex(s: Store, indexName: string, value: string): KubeObject[] {
  const idx = s.indices[indexName];
  if (idx === undefined) throw new Error(`Index with name ${indexName} does not exist`);
  return Object.keys(idx[value] ?? {}).sort().map((k) => s.items[k]!);
}

/** IndexKeys: the keys under one value of an index. */
export function indexKeys(s: Store, indexName: string, value: string): string[] {
  const idx = s.indices[indexName];
  if (idx === undefined) throw new Error(`Index with name ${indexName} does not exist`);
  return Object.keys(idx[value] ?? {}).sort();
}
