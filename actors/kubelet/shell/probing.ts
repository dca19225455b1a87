// The kubelet's prober manager: a worker per (pod, container, probe kind), ticking on its own
// timer; a tick that probes runs the probe's action against the container — exec through CRI's
// ExecSync, httpGet and tcpSocket to the pod's IP — and the verdict moves the worker's counters.
// A changed result makes the pod sync again (a liveness failure is a kill there; readiness
// changes the status).

import type { Container } from '../../../protocols/kube/objects.ts';
import type { BoundPod } from './pod-worker.ts';
import type { PodNetworkReply } from '../../../protocols/kube/pod-network.ts';
import { containerRuntimeService } from '../../../protocols/kube/cri.ts';
import { interpretOutcome, type ProbeOutcome, probeEvent, resolveErrorVerdict } from '../probes/outcome.ts';
import { type ProbeAction, type ProbeKind, type ProbeResult, probeOf, resolveProbeAction } from '../probes/spec.ts';
import { containerStarted, newProbeWorker, probeRecord, probeTick, type ProbeView, type ProbeWorker } from '../probes/worker.ts';
import { restartPolicyOf } from '../sync/restart.ts';
import type { CriOutcome, CriTag } from './cri.ts';
import { requestSync } from './pod-sync.ts';
import type { PodWorker } from './pod-worker.ts';
import { latestContainer, sandboxIPs } from '../sync/runtime-view.ts';
import type { KubeletState, ProbeInFlight } from './state.ts';
import type { KubeletShell } from './types.ts';

const KINDS: readonly ProbeKind[] = ['startup', 'liveness', 'readiness'];
const keyOf = (uid: string, container: string, kind: ProbeKind) => `${uid}/${container}/${kind}`;
const timerOf = (key: string) => `probe/${key}`;

const workerOf = (s: KubeletState, key: string): ProbeWorker | undefined => s.probes[key] as ProbeWorker | undefined;

function schedule(k: KubeletShell, uid: string, key: string, w: ProbeWorker): void {
  const p = k.parts;
  p.ctx.timers.once(timerOf(key), Math.max(0, w.nextRunAt - p.ctx.now()), { type: 'ProbeTick', uid, key });
}

/** A container of the pod started: its probe workers start too, once (they follow new containers themselves). */
export function startProbes(k: KubeletShell, w: PodWorker, c: Container): void {
  const p = k.parts;
  for (const kind of KINDS) {
    const probe = probeOf(c, kind);
    const key = keyOf(w.uid, c.name, kind);
    if (probe === undefined || p.s.probes[key] !== undefined) continue;
    const worker = newProbeWorker({ podUid: w.uid, containerName: c.name, kind, probe, now: p.ctx.now() });
    p.s.probes[key] = worker;
    schedule(k, w.uid, key, worker);
  }
}

/** A pod the kubelet takes on: workers for every probe of its containers (the prober manager's AddPod). */
export function addPodProbes(k: KubeletShell, w: PodWorker): void {
  for (const c of [...(w.pod.spec?.initContainers ?? []), ...(w.pod.spec?.containers ?? [])]) startProbes(k, w, c);
}

export function stopProbes(s: KubeletState, uid: string): void {
  for (const key of Object.keys(s.probes)) if (key.startsWith(`${uid}/`)) delete s.probes[key];
}

function view(s: KubeletState, w: PodWorker, name: string): ProbeView {
  const c = latestContainer(w.runtime, name);
  const state = c === undefined ? undefined : c.state === 'CONTAINER_RUNNING' ? 'running' : c.state === 'CONTAINER_EXITED' ? 'terminated' : 'waiting';
  const startup = workerOf(s, keyOf(w.uid, name, 'startup'));
  return {
    podPhase: w.reported?.phase ?? w.pod.status?.phase ?? 'Pending',
    restartPolicy: restartPolicyOf(w.pod),
    deleting: w.pod.metadata.deletionTimestamp !== undefined,
    ...(c === undefined || state === undefined
      ? {}
      : { container: { id: c.id, state, ...(c.startedAt > 0 ? { startedAt: c.startedAt } : {}), started: containerStarted(state === 'running', c.id, startup) } }),
  };
}

const specOf = (pod: BoundPod, name: string): Container | undefined => [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);

export function onProbeTick(k: KubeletShell, uid: string, key: string): void {
  const p = k.parts;
  const w = p.s.workers[uid];
  const worker = workerOf(p.s, key);
  if (w === undefined || worker === undefined) return;
  const tick = probeTick(worker, view(p.s, w, worker.containerName), p.ctx.now());
  if (tick.decision === 'stop') {
    delete p.s.probes[key];
    return;
  }
  p.s.probes[key] = tick.worker;
  schedule(k, uid, key, tick.worker);
  if (tick.decision === 'skip' || p.s.probeInFlight[key] !== undefined) return;
  const c = specOf(w.pod, worker.containerName);
  const probe = c === undefined ? undefined : probeOf(c, worker.kind);
  if (c === undefined || probe === undefined) return;
  const action = resolveProbeAction(probe, c, sandboxIPs(w.runtime)[0] ?? '', w.key);
  if (action.type === 'error') return record(k, w, key, resolveErrorVerdict(action));
  const run = (p.s.probeRun = p.s.probeRun + 1);
  p.s.probeInFlight[key] = { key, run, action };
  const id = latestContainer(w.runtime, worker.containerName)?.id ?? '';
  switch (action.type) {
    case 'exec':
      return k.cri({ type: 'ExecSync', containerId: id, cmd: action.command, timeout: Math.ceil(action.timeoutMs / 1000) }, { for: 'probe', uid, key, run });
    case 'httpGet':
    case 'tcpSocket': {
      const reqId = p.s.nextProbeReq++;
      p.s.probeRequests[reqId] = { uid, key, run };
      const base = { reqId, ip: action.host, port: action.port, timeoutMs: action.timeoutMs, replyTo: p.ctx.self };
      const headers = action.type === 'httpGet' ? Object.fromEntries(action.headers) : {};
      p.ctx.send(
        containerRuntimeService.on(p.options.node),
        action.type === 'httpGet' ? { type: 'PodHttpRequest', ...base, method: 'GET', path: action.path, headers } : { type: 'PodTcpConnect', ...base },
      );
      // No answer within the probe's timeout is a timeout, as the prober's client gives up.
      p.ctx.timers.once(`probe-timeout/${reqId}`, action.timeoutMs, { type: 'PodNetworkReply', reqId, ok: false, failure: 'timeout' });
      return;
    }
    case 'grpc':
      delete p.s.probeInFlight[key];
      return record(k, w, key, { result: 'Unknown', output: '', error: 'gRPC probes are not modelled' });
  }
}

/** An ExecSync probe's answer. */
export function onProbeExec(k: KubeletShell, tag: Extract<CriTag, { for: 'probe' }>, outcome: CriOutcome): void {
  const p = k.parts;
  const flight = p.s.probeInFlight[tag.key];
  if (flight === undefined || flight.run !== tag.run) return;
  delete p.s.probeInFlight[tag.key];
  const w = p.s.workers[tag.uid];
  if (w === undefined) return;
  let o: ProbeOutcome;
  if (outcome.ok) {
    const r = outcome.reply.response as { stdout: string; stderr: string; exitCode: number };
    o = { type: 'exited', exitCode: r.exitCode, output: r.stdout + r.stderr };
  } else o = outcome.code === 'DeadlineExceeded' ? { type: 'timeout' } : { type: 'exited', exitCode: -1, output: outcome.message };
  record(k, w, tag.key, interpretOutcome(flight.action, o));
}

/** An httpGet or tcpSocket probe's answer (or its timeout). */
export function onProbeNetwork(k: KubeletShell, m: PodNetworkReply): void {
  const p = k.parts;
  const req = p.s.probeRequests[m.reqId];
  if (req === undefined) return;
  delete p.s.probeRequests[m.reqId];
  p.ctx.timers.cancel(`probe-timeout/${m.reqId}`);
  const flight = p.s.probeInFlight[req.key];
  if (flight === undefined || flight.run !== req.run) return;
  delete p.s.probeInFlight[req.key];
  const w = p.s.workers[req.uid];
  if (w === undefined) return;
  const o: ProbeOutcome = m.ok
    ? flight.action.type === 'httpGet'
      ? { type: 'response', statusCode: m.status ?? 200, ...(m.body === undefined ? {} : { body: m.body }) }
      : { type: 'connected' }
    : m.failure === 'connection refused'
      ? { type: 'refused' }
      : m.failure === 'timeout'
        ? { type: 'timeout' }
        : { type: 'unreachable' };
  record(k, w, req.key, interpretOutcome(flight.action, o));
}

function record(k: KubeletShell, w: PodWorker, key: string, verdict: Parameters<typeof probeRecord>[1]): void {
  const p = k.parts;
  const worker = workerOf(p.s, key);
  if (worker === undefined) return;
  const r = probeRecord(worker, verdict);
  p.s.probes[key] = r.worker;
  const event = probeEvent(worker.kind, verdict);
  if (event !== undefined) k.event(w.pod, event.type, event.reason, event.message, worker.containerName);
  if (r.changed || r.kill) requestSync(k, w);
}

/** The results manager's view for one kind: each container's result for the instance running now. */
export function probeResults(s: KubeletState, w: PodWorker, kind: ProbeKind): Record<string, ProbeResult> {
  const out: Record<string, ProbeResult> = {};
  for (const worker of Object.values(s.probes)) {
    if (worker.podUid !== w.uid || worker.kind !== kind || worker.reported === undefined) continue;
    if (worker.containerId === latestContainer(w.runtime, worker.containerName)?.id) out[worker.containerName] = worker.reported;
  }
  return out;
}
