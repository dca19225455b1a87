// An informer that keeps a record for the watch checks: one shared informer on the workload's
// ConfigMaps, run by the client library as any component runs it, noting every notification
// with the object's resourceVersion. The checks compare the record with etcd's history.

import { defineActor, stateKey } from '../../../runtime/index.ts';
import { clientKit, type KitMsg, type KitState } from '../../../actors/client/client-kit.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

export interface Noted {
  readonly type: 'add' | 'update' | 'delete';
  readonly key: string;
  readonly rv: number;
}

export interface InformerWatcherState {
  readonly kit: KitState;
  readonly noted: Noted[];
}

export type InformerWatcherMsg = KitMsg | { readonly type: 'Start' };

export const informerWatcherKey = stateKey<InformerWatcherState>('kube-informer-watcher');

export function informerWatcher(options: { readonly replicas: readonly string[]; readonly token: string; readonly namespace: string }) {
  const kit = clientKit({
    client: { hosts: options.replicas, token: options.token },
    informers: [{ name: 'cms', resource: 'configmaps', namespace: options.namespace }],
    source: { component: 'informer-watcher' },
  });
  const note = (s: InformerWatcherState) => (_informer: string, n: { type: 'add' | 'update' | 'delete'; obj: KubeObject }) => {
    s.noted.push({ type: n.type, key: `${n.obj.metadata.namespace}/${n.obj.metadata.name}`, rv: Number(n.obj.metadata.resourceVersion) });
  };
  return defineActor<InformerWatcherMsg, InformerWatcherState>({
    kind: informerWatcherKey.kind,
    init: (ctx) => ({ kit: kit.init(ctx.now()), noted: [] }),
    receive(s, m, ctx) {
      if (m.type === 'Start') kit.start(s.kit, ctx, note(s));
      else kit.receive(s.kit, ctx, m, note(s));
      return s;
    },
    describe: (s) => ({ noted: s.noted.length, relists: s.kit.informers.cms?.reflector.relists ?? 0 }),
  });
}
