// Listers: the read side a reconcile sees. List by namespace and label selector, get by key.
// They read the informer's store and never call the apiserver; objects they return are shared
// with the cache and must not be changed (copy before writing, as client-go says of its listers).

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { everything, type LabelSelector, matchesLabels, parseLabelSelector } from '../../protocols/kube/validation/index.ts';
import { byIndex, get, list, NAMESPACE_INDEX, type Store } from './store.ts';

export interface Lister {
  /** All objects matching `selector` (a LabelSelector or its string form); everything by default. */
  list(selector?: LabelSelector | string): KubeObject[];
  /** By key: `namespace/name`, or `name` for a cluster-scoped object. */
  get(key: string): KubeObject | undefined;
  namespace(ns: string): { list(selector?: LabelSelector | string): KubeObject[]; get(name: string): KubeObject | undefined };
}

function selectorOf(selector: LabelSelector | string | undefined): LabelSelector {
  if (selector === undefined) return everything();
  if (typeof selector !== 'string') return selector;
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const matching = (objs: KubeObject[], selector: LabelSelector | string | undefined): KubeObject[] => {
  const sel = selectorOf(selector);
  return objs.filter((o) => matchesLabels(sel, o.metadata.labels ?? {}));
};

// A lister is a view that reads its store when asked, so one per store serves every reconcile:
// controllers that ask for all their listers on each event (the garbage collector has one per
// resource) no longer build them afresh.
const views = new WeakMap<Store, Lister>();

export function lister(store: Store): Lister {
  let view = views.get(store);
  if (view === undefined) views.set(store, (view = makeLister(store)));
  return view;
}

function makeLister(store: Store): Lister {
  return {
    list: (selector) => matching(list(store), selector),
    get: (key) => get(store, key),
    namespace: (ns) => ({
      // By the namespace index when there is one, as client-go's ListAllByNamespace does.
      list: (selector) => matching(store.indices[NAMESPACE_INDEX] ? byIndex(store, NAMESPACE_INDEX, ns) : list(store).filter((o) => o.metadata.namespace === ns), selector),
      get: (name) => get(store, `${ns}/${name}`),
    }),
  };
}
