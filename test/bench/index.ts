// npm run bench [-- --json]: throughput of the runtime on the simulation kernel against raw nact,
// untraced and tracing to a file, measured in one run.
// Each figure is the median of several rounds; each ratio is the median of the ratios of rounds
// run back to back, so drift in the machine's speed hits both sides of a ratio alike.

import { apiserverCreates, listPods10k, watchFanout } from './apiserver-bench.ts';
import { etcdCreates, etcdWrites } from './etcd-bench.ts';
import { podStarts } from './node-bench.ts';
import { schedulerCore } from './scheduler-bench.ts';
import { rolloutVirtualSeconds, schedulerEndToEnd } from './control-loop-bench.ts';
import { idleVirtualHour } from './idle-bench.ts';
import { kernelEventsPerWallSec, nactFlood, nactPingPong, runtimeFlood, runtimePingPong } from './runtime-bench.ts';

const ROUNDS = 5;
const json = process.argv.includes('--json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Medians of each function's figures, and the median of the pairwise ratios second/first. */
async function pair(raw: () => Promise<number>, ours: () => Promise<number>, rounds = ROUNDS): Promise<[number, number, number]> {
  await raw(); // warm-up: JIT and allocator
  await ours();
  const a: number[] = [];
  const b: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a warmer or cooler machine.
    let x: number;
    let y: number;
    if (r % 2 === 0) {
      x = await raw();
      y = await ours();
    } else {
      y = await ours();
      x = await raw();
    }
    a.push(x);
    b.push(y);
    ratios.push(y / x);
  }
  return [median(a), median(b), median(ratios)];
}

const untraced = { traced: false };
const traced = { traced: true };
const perSec = (f: (m: typeof untraced) => Promise<{ perSec: number }>, m: typeof untraced) => async () => (await f(m)).perSec;

const [nactFlood_, runtimeFlood_, floodRatio] = await pair(nactFlood, perSec(runtimeFlood, untraced));
// Ping-pong is the noisier figure (one event-loop turn per message): more rounds for its median.
const [nactPingPong_, runtimePingPong_, pingPongRatio] = await pair(nactPingPong, perSec(runtimePingPong, untraced), 9);
const [, tracedFlood_, tracedFloodRatio] = await pair(nactFlood, perSec(runtimeFlood, traced));
const [, tracedPingPong_, tracedPingPongRatio] = await pair(nactPingPong, perSec(runtimePingPong, traced), 9);
const sample = await runtimePingPong(traced, 20_000);
const kernelEvents = median([await kernelEventsPerWallSec(), await kernelEventsPerWallSec(), await kernelEventsPerWallSec()]);
const etcdRuns = [await etcdWrites(), await etcdWrites(), await etcdWrites()];
// The apiserver against etcd in the same run: each apiserver round beside an etcd round.
// Beside the ratio (etcd puts of a few bytes), one against puts of the pod's own size, and
// one against what etcd does below each create (a create-if-absent transaction of the pod's size,
// with the watch the apiserver keeps): creates ÷ that is the apiserver's own cost against etcd's.
const apiserverRounds: number[] = [];
const apiserverRatios: number[] = [];
const podSizedRatios: number[] = [];
const etcdCreateRounds: number[] = [];
const etcdCreateRatios: number[] = [];
for (let r = 0; r < 3; r++) {
  const { perWallSec: creates, podBytes } = await apiserverCreates();
  const writes = (await etcdWrites()).perWallSec;
  const podSizedWrites = (await etcdWrites(2000, podBytes)).perWallSec;
  const below = (await etcdCreates(2000, podBytes)).perWallSec;
  apiserverRounds.push(creates);
  apiserverRatios.push(creates / writes);
  podSizedRatios.push(creates / podSizedWrites);
  etcdCreateRounds.push(below);
  etcdCreateRatios.push(creates / below);
}
const fanout = median([(await watchFanout()).perWallSec, (await watchFanout()).perWallSec, (await watchFanout()).perWallSec]);
const list10k = listPods10k();
const starts = await podStarts();
const schedulerCore5k = schedulerCore(5000, 10_000);
const schedulerE2E = await schedulerEndToEnd(500, 1000);
const rollout = await rolloutVirtualSeconds(100);
// One round: a virtual hour is tens of seconds of wall time.
const idleHour = await idleVirtualHour();

const figures = {
  nactFloodMsgsPerSec: Math.round(nactFlood_),
  runtimeFloodMsgsPerSec: Math.round(runtimeFlood_),
  nactPingPongMsgsPerSec: Math.round(nactPingPong_),
  runtimePingPongMsgsPerSec: Math.round(runtimePingPong_),
  floodRatio: +floodRatio.toFixed(2),
  pingPongRatio: +pingPongRatio.toFixed(2),
  tracedFloodMsgsPerSec: Math.round(tracedFlood_),
  tracedPingPongMsgsPerSec: Math.round(tracedPingPong_),
  tracedFloodRatio: +tracedFloodRatio.toFixed(2),
  tracedPingPongRatio: +tracedPingPongRatio.toFixed(2),
  traceBytesPerEvent: +(sample.traceBytes / sample.events).toFixed(1),
  kernelEventsPerWallSec: Math.round(kernelEvents),
  etcdWritesPerWallSec: Math.round(median(etcdRuns.map((r) => r.perWallSec))),
  etcdWriteLatencyVirtualMs: +median(etcdRuns.map((r) => r.latencyVirtualMs)).toFixed(2),
  apiserverCreatesPerWallSec: Math.round(median(apiserverRounds)),
  apiserverToEtcdRatio: +median(apiserverRatios).toFixed(2),
  apiserverToPodSizedEtcdRatio: +median(podSizedRatios).toFixed(2),
  etcdCreatesPerWallSec: Math.round(median(etcdCreateRounds)),
  apiserverToEtcdCreateRatio: +median(etcdCreateRatios).toFixed(2),
  watchFanoutEventsPerWallSec: Math.round(fanout),
  listPods10kMs: +list10k.ms.toFixed(2),
  watchCacheMBPer10kPods: +list10k.heapMB.toFixed(1),
  podStartsPerWallSec: Math.round(starts.perWallSec),
  podStartupP50VirtualMs: Math.round(starts.p50Ms),
  podStartupP99VirtualMs: Math.round(starts.p99Ms),
  schedulerPodsPerWallSec5kNodes: Math.round(schedulerCore5k.perWallSec),
  schedulerPodsPerWallSecEndToEnd: Math.round(schedulerE2E.perWallSec),
  rolloutVirtualSeconds: +rollout.toFixed(1),
  idleVirtualHourWallMs: Math.round(idleHour.wallMs),
  idleVirtualHourEvents: idleHour.events,
};

if (json) console.log(JSON.stringify(figures));
else {
  const rows = Object.entries(figures).map(([k, v]) => `${k.padEnd(28)} ${v.toLocaleString('en-US').padStart(14)}`);
  console.log(['figure'.padEnd(28) + 'value'.padStart(15), ...rows].join('\n'));
  console.log('required: floodRatio >= 5, pingPongRatio >= 0.8, tracedFloodRatio >= 2, tracedPingPongRatio >= 0.5; targets: apiserverToEtcdRatio >= 0.5, listPods10kMs <= 50; Kubernetes\' SLO: podStartupP99VirtualMs <= 5000; target: schedulerPodsPerWallSec5kNodes >= 1000 (scheduler_perf\'s floor 680-810)');
}
