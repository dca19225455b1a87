// kube-apiserver on the kernel: Pod creates through one replica over a three-member etcd, one
// client creating one pod after another, tracing to a file; watch fan-out to many watchers; and a
// list of 10,000 pods from the watch cache.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActorContext, defineActor, host, stateKey } from '../../runtime/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { type ApiResponse, kubeApiserverService, type Target, type WatchStream } from '../../protocols/kube/api.ts';
import type { KubeObject } from '../../protocols/kube/objects.ts';
import { listBench } from '../../actors/kube-apiserver/watch-cache/index.ts';
import { startCluster } from '../../scenarios/cluster/index.ts';
import { startTiming } from './clock.ts';

const PODS: Target = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
const pod = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

interface BenchState {
  created: number;
  failed: number;
  events: number;
  lastFailure?: string;
  /** The JSON size of the first pod created, as the apiserver answered it: about what it stored. */
  podBytes?: number;
}
const benchKey = stateKey<BenchState>('bench-client');
type BenchMsg = { type: 'Go'; count: number } | { type: 'Watch'; watches: number } | { type: 'Account' } | ApiResponse | WatchStream;

/** Creates `count` pods one after another through `replica`; or opens `watches` watches on pods. */
function benchClient(replica: string, token: string) {
  const server = kubeApiserverService.on(replica);
  let left = 0;
  // No closure made per message: tsx keeps function names by a call per closure made, and the
  // bench client's own work is not the apiserver's.
  const create = (ctx: ActorContext<BenchMsg>, i: number) =>
    ctx.send(server, { type: 'Call', id: i, call: { verb: 'create', target: PODS, body: pod(i) }, token, replyTo: ctx.self });
  return defineActor<BenchMsg, BenchState>({
    kind: benchKey.kind,
    init: () => ({ created: 0, failed: 0, events: 0 }),
    receive(s, msg, ctx) {
      if (msg.type === 'Go') {
        left = msg.count;
        create(ctx, s.created + s.failed);
      } else if (msg.type === 'Account') {
        // An apiserver alone: the namespace's `default` ServiceAccount, which the service account
        // controller would make, so that pods are admitted. Its answer counts as one create.
        left = 1;
        const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } };
        ctx.send(server, { type: 'Call', id: -1, call: { verb: 'create', target: { ...PODS, resource: 'serviceaccounts' }, body: account }, token, replyTo: ctx.self } as never);
      } else if (msg.type === 'Watch') {
        for (let i = 0; i < msg.watches; i++) ctx.send(server, { type: 'Watch', id: i, target: PODS, options: { resourceVersion: '0' }, token, replyTo: ctx.self });
      } else if (msg.type === 'ApiResponse') {
        if (msg.result.ok) {
          s.created++;
          // Measured once: the bench client's own work is not the apiserver's.
          if (s.podBytes === undefined && msg.id >= 0) s.podBytes = JSON.stringify(msg.result.body).length;
        }
        else {
          s.failed++;
          s.lastFailure = msg.result.body.message;
        }
        if (--left > 0) create(ctx, s.created + s.failed);
      } else if (msg.type === 'WatchEvents') s.events += msg.events.length;
      return s;
    },
  });
}

async function cluster(traceName: string) {
  const file = join(tmpdir(), `kyb-bench-${traceName}-${process.pid}.trace`);
  const sim = new Simulation({ name: `bench-${traceName}`, seed: 1, network: { latency: { min: 0.25, max: 0.25 } }, fsyncMs: 1, trace: { file } });
  const token = startCluster(sim.system, { controlPlanes: 1, workers: 0, etcd: 'external', etcdMembers: 3, apiserverOnly: true }).token('admin');
  await sim.advance(3000);
  return { sim, token, done: () => (sim.close(), rmSync(file, { force: true })) };
}

/** The `default` ServiceAccount made through the bench client (its first create), before any pod. */
async function account(sim: Simulation, state: () => BenchState): Promise<void> {
  sim.system.send(sim.system.lookup<BenchMsg>('/bench-1/client')!, { type: 'Account' });
  if (!(await sim.until(() => state().created === 1, 60_000))) throw new Error(`apiserver bench: the ServiceAccount was not made: ${state().lastFailure ?? 'no answer'}`);
}

/** Pod creates per wall second through one replica, one client, tracing on. */
export async function apiserverCreates(creates = 2000): Promise<{ perWallSec: number; podBytes: number }> {
  const { sim, token, done } = await cluster('apiserver');
  sim.system.spawn(host({ children: [{ id: 'client', actor: benchClient('control-plane-1', token) }] }), { name: 'bench-1' });
  const state = () => sim.system.stateOf('/bench-1/client', benchKey)!;
  await account(sim, state);
  sim.system.send(sim.system.lookup<BenchMsg>('/bench-1/client')!, { type: 'Go', count: 20 });
  await sim.until(() => state().created + state().failed === 21, 60_000);
  const t0 = startTiming();
  sim.system.send(sim.system.lookup<BenchMsg>('/bench-1/client')!, { type: 'Go', count: creates });
  if (!(await sim.until(() => state().created + state().failed === creates + 21, 3_600_000))) throw new Error('apiserver bench: the creates did not all complete');
  const secs = (performance.now() - t0) / 1000;
  if (state().failed > 0) throw new Error(`apiserver bench: ${state().failed} creates failed, the last with: ${state().lastFailure}`);
  const podBytes = state().podBytes ?? 0;
  done();
  return { perWallSec: creates / secs, podBytes };
}

/** Watch events delivered per wall second to `watchers` watches on pods while `creates` pods are made. */
export async function watchFanout(watchers = 100, creates = 200): Promise<{ perWallSec: number }> {
  const { sim, token, done } = await cluster('fanout');
  sim.system.spawn(host({ children: [{ id: 'client', actor: benchClient('control-plane-1', token) }] }), { name: 'bench-1' });
  const ref = sim.system.lookup<BenchMsg>('/bench-1/client')!;
  const state = () => sim.system.stateOf('/bench-1/client', benchKey)!;
  await account(sim, state);
  sim.system.send(ref, { type: 'Watch', watches: watchers });
  await sim.advance(100);
  const t0 = startTiming();
  sim.system.send(ref, { type: 'Go', count: creates });
  if (!(await sim.until(() => state().events >= watchers * creates, 3_600_000))) throw new Error(`apiserver bench: ${state().events} of ${watchers * creates} watch events arrived`);
  const secs = (performance.now() - t0) / 1000;
  const events = state().events;
  done();
  return { perWallSec: events / secs };
}

/** Wall ms of one list of 10,000 pods from a watch cache, and the heap the cache holds for them. */
export function listPods10k(): { ms: number; heapMB: number } {
  // npm run bench runs node with --expose-gc, so the heap is measured after a collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const list = listBench(10_000);
  gc?.();
  const heapMB = (process.memoryUsage().heapUsed - before) / 1e6;
  list();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = startTiming();
    list();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { ms: times[2]!, heapMB };
}
