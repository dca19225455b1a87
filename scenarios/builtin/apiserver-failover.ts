// An apiserver replica and the etcd leader crash while a client writes: three control planes,
// ConfigMaps written one after another through any replica, two informers watching them. No
// acknowledged write may be lost, and every informer must end with what etcd holds.

import { host } from '../../runtime/index.ts';
import { kubeApiserverService } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { informerWatcher, informerWatcherKey, type InformerWatcherMsg } from '../checks/kube/informer-watcher.ts';
import { KubeError } from '../../protocols/kube/kube-error.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const WRITES = 30;
const INFORMERS = 2;
const informerHost = (i: number) => `informer-${i}`;
const configMap = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' }, data: { i: String(i) } });

/** A create the apiserver may have applied before a failover hid its answer counts as done when it is there. */
async function write(s: ScenarioContext, i: number): Promise<boolean> {
  try {
    await s.kube.create(configMap(i));
    return true;
  } catch (e) {
    if (e instanceof KubeError && e.reason === 'AlreadyExists') return true;
    return false;
  }
}

export default defineScenario({
  name: 'apiserver-failover',
  description: 'an apiserver replica and the etcd leader crash during writes: no acknowledged write lost, every informer converges',
  config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
  setup: (s) => {
    const cluster = s.cluster({ controlPlanes: 3, workers: 0, apiserverOnly: true });
    for (let i = 0; i < INFORMERS; i++) {
      const replicas = cluster.topology.controlPlanes.map((_, j, all) => all[(i + j) % all.length]!);
      s.spawn(host({ children: [{ id: 'informer', actor: informerWatcher({ replicas, token: cluster.token('admin'), namespace: 'default' }) }] }), { name: informerHost(i), restart: 'permanent' });
    }
  },
  script: async (s) => {
    const cluster = s.cluster();
    await s.until(() => cluster.etcd.leader() !== undefined, { within: '5s' });
    await s.advance('3s');
    for (let i = 0; i < INFORMERS; i++) s.send<InformerWatcherMsg>(`/${informerHost(i)}/informer`, { type: 'Start' });
    const acked: number[] = [];
    const faults: string[] = [];
    for (let i = 0; i < WRITES; i++) {
      // The crashes come while a write is on its way, not between two.
      const pending = write(s, i);
      if (i === 10) {
        s.crashActor(kubeApiserverService.pathOn('control-plane-1'), 'injected apiserver crash');
        faults.push('the apiserver on control-plane-1 crashed');
      }
      const leader = i === 20 ? cluster.etcd.leader() : undefined;
      if (leader !== undefined) {
        s.crashHost(leader);
        faults.push(`the etcd leader's host ${leader} crashed`);
      }
      if (await pending) acked.push(i);
      if (leader !== undefined) s.restartHost(leader);
    }
    s.expect(`every write is acknowledged, through the failovers (${faults.join('; ')})`, acked.length === WRITES, `${acked.length} of ${WRITES}`);
    const listed = new Set((await s.kube.list('configmaps', { namespace: 'default' })).items.map((o) => o.metadata.name));
    const lost = acked.filter((i) => !listed.has(`cm-${i}`));
    s.expect('no acknowledged write is lost', lost.length === 0, lost.length === 0 ? `${acked.length} writes read back` : `lost: ${lost.map((i) => `cm-${i}`).join(', ')}`);
    const names = [...listed].filter((n) => n?.startsWith('cm-')).sort();
    const caughtUp = () =>
      Array.from({ length: INFORMERS }, (_, i) => s.system.stateOf(`/${informerHost(i)}/informer`, informerWatcherKey)?.kit.informers.cms?.store.items ?? {}).every(
        (items) => names.every((n) => items[`default/${n}`] !== undefined) && Object.keys(items).filter((k) => k.startsWith('default/cm-')).length === names.length,
      );
    s.expect('every informer converges on what was written', await s.until(caughtUp, { within: '2m' }));
  },
});
