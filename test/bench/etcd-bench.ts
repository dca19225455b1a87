// etcd on the kernel: three members, one client writing sequentially, tracing to a file.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { host } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { etcdClientService } from '../../protocols/etcd/client.ts';
import { etcdClient, etcdClientStateKey } from '../../actors/etcd/member/client.ts';
import { etcdOnly, startCluster } from '../../scenarios/cluster/index.ts';

/** Writes per wall second, and the mean virtual latency of one write, for `writes` puts in a row (of values `valueBytes` long, if given). */
export async function etcdWrites(writes = 2000, valueBytes = 0): Promise<{ perWallSec: number; latencyVirtualMs: number }> {
  const file = join(tmpdir(), `kyb-bench-etcd-${process.pid}.trace`);
  // A 0.5 ms round trip and a 1 ms fsync, as the issue models them.
  const sim = new Simulation({ name: 'bench-etcd', seed: 1, network: { latency: { min: 0.25, max: 0.25 } }, fsyncMs: 1, trace: { file } });
  const etcd = startCluster(sim.system, etcdOnly()).etcd;
  sim.system.spawn(host({ children: [{ id: etcdClientService.name, actor: etcdClient({ members: etcd.members }) }] }), { name: 'client-1' });
  const client = etcdClientService.on('client-1');
  // The client's own state, read directly: cheap enough to check after every instant.
  const acked = () => sim.system.stateOf(client, etcdClientStateKey)!.acked.length;
  await sim.until(() => etcd.leader() !== undefined, 10_000);
  await sim.advance(100); // let the followers hear of their leader before the client starts
  // Warm-up: the first writes also find the leader.
  sim.system.send(client, { type: 'WriteAll', commands: [{ type: 'put', key: 'warm', value: 'up' }] });
  await sim.until(() => acked() === 1, 10_000);
  const commands = Array.from({ length: writes }, (_, i) => ({ type: 'put' as const, key: `k${i % 100}`, value: `v${i}`.padEnd(valueBytes, '.') }));
  const v0 = sim.clock.now();
  const t0 = performance.now();
  sim.system.send(client, { type: 'WriteAll', commands });
  if (!(await sim.until(() => acked() === writes + 1, 60 * 60_000))) throw new Error('etcd bench: the writes did not all complete');
  const secs = (performance.now() - t0) / 1000;
  const virtualMs = sim.clock.now() - v0;
  sim.close();
  rmSync(file, { force: true });
  return { perWallSec: writes / secs, latencyVirtualMs: virtualMs / writes };
}
