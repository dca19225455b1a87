// etcd on the kernel: three members, one client writing sequentially, tracing to a file.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineActor, host, stateKey } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { etcdClientService, type WatchUpdate } from '../../protocols/etcd/client.ts';
import { etcdClient, etcdClientStateKey } from '../../actors/etcd/member/client.ts';
import { etcdOnly, startCluster } from '../../scenarios/cluster/index.ts';
import { startTiming } from './clock.ts';

/** Writes per wall second, and the mean virtual latency of one write, for `writes` puts in a row (of values `valueBytes` long, if given). */
export async function etcdWrites(writes = 2000, valueBytes = 0): Promise<{ perWallSec: number; latencyVirtualMs: number }> {
  const file = join(tmpdir(), `kyb-bench-etcd-${process.pid}.trace`);
  // A 0.5 ms round trip and a 1 ms fsync, as the issue models them.
  const sim = new Simulation({ name: 'bench-etcd', seed: 1, network: { latency: { min: 0.25, max: 0.25 } }, fsyncMs: 1, trace: { file } });
  const etcd = startCluster(sim.system, etcdOnly()).etcd;
  sim.system.spawn(host({ children: [{ id: etcdClientService.name, actor: etcdClient({ members: etcd.members }) }] }), { name: 'client-1' });
  const client = etcdClientService.on('client-1');
  // The client's own state, read directly: cheap enough to check after every instant.
  const acked = () => sim.system.stateOf(client, etcdClientStateKey)!.acked;
  await sim.until(() => etcd.leader() !== undefined, 10_000);
  await sim.advance(100); // let the followers hear of their leader before the client starts
  // Warm-up: the first writes also find the leader.
  sim.system.send(client, { type: 'WriteAll', commands: [{ type: 'put', key: 'warm', value: 'up' }] });
  await sim.until(() => acked() === 1, 10_000);
  const commands = Array.from({ length: writes }, (_, i) => ({ type: 'put' as const, key: `k${i % 100}`, value: `v${i}`.padEnd(valueBytes, '.') }));
  const v0 = sim.clock.now();
  const t0 = startTiming();
  sim.system.send(client, { type: 'WriteAll', commands });
  if (!(await sim.until(() => acked() === writes + 1, 60 * 60_000))) throw new Error('etcd bench: the writes did not all complete');
  const secs = (performance.now() - t0) / 1000;
  const virtualMs = sim.clock.now() - v0;
  sim.close();
  rmSync(file, { force: true });
  return { perWallSec: writes / secs, latencyVirtualMs: virtualMs / writes };
}

const watchedKey = stateKey<{ events: number }>('bench-watcher');
/** Counts the events of the watches that report to it. */
const watcher = defineActor<WatchUpdate, { events: number }>({
  kind: watchedKey.kind,
  init: () => ({ events: 0 }),
  receive: (s, m) => {
    if (m.type === 'WatchEvents') s.events += m.events.length;
    return s;
  },
});

/**
 * What etcd does below one kube-apiserver create, alone: a transaction that puts a value of
 * `valueBytes` under a key only if the key is new, with a watch (previous values, progress
 * notifications) on the keys' prefix reporting each event to the client's host, as the apiserver's
 * one watch on /registry/ does. Creates per wall second, one after another.
 */
export async function etcdCreates(writes = 2000, valueBytes = 2000): Promise<{ perWallSec: number }> {
  const file = join(tmpdir(), `kyb-bench-etcd-creates-${process.pid}.trace`);
  const sim = new Simulation({ name: 'bench-etcd-creates', seed: 1, network: { latency: { min: 0.25, max: 0.25 } }, fsyncMs: 1, trace: { file } });
  const etcd = startCluster(sim.system, etcdOnly()).etcd;
  sim.system.spawn(
    host({ children: [{ id: etcdClientService.name, actor: etcdClient({ members: etcd.members }) }, { id: 'watcher', actor: watcher }] }),
    { name: 'client-1' },
  );
  const client = etcdClientService.on('client-1');
  const events = () => sim.system.stateOf('/client-1/watcher', watchedKey)!.events;
  await sim.until(() => etcd.leader() !== undefined, 10_000);
  await sim.advance(100);
  const prefix = '/registry/pods/default/';
  const watcherRef = sim.system.lookup<WatchUpdate>('/client-1/watcher')!;
  sim.system.send(client, { type: 'Watch', id: 1, request: { key: prefix, rangeEnd: '/registry/pods/default0', prevKv: true, progressNotify: true }, replyTo: watcherRef });
  await sim.advance(100);
  const create = (name: string) => {
    const key = `${prefix}${name}`;
    return { type: 'txn' as const, compare: [{ target: 'CREATE' as const, result: 'EQUAL' as const, key, createRevision: 0 }], success: [{ type: 'put' as const, key, value: name.padEnd(valueBytes, '.') }], failure: [{ type: 'range' as const, key, keysOnly: true }] };
  };
  sim.system.send(client, { type: 'WriteAll', commands: [create('warm')] });
  await sim.until(() => events() === 1, 10_000);
  const t0 = startTiming();
  sim.system.send(client, { type: 'WriteAll', commands: Array.from({ length: writes }, (_, i) => create(`pod-${i}`)) });
  if (!(await sim.until(() => events() === writes + 1, 60 * 60_000))) throw new Error('etcd bench: the creates did not all complete');
  const secs = (performance.now() - t0) / 1000;
  sim.close();
  rmSync(file, { force: true });
  return { perWallSec: writes / secs };
}
