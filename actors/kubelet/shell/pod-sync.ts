// The pod worker's steps carried out: CRI calls for the runtime steps, the sync core for the
// decision, the status core for the report. kuberuntime_manager's SyncPod, as a sequence of
// answered calls: kill what must die, make the sandbox, then for each container to start ensure
// its image, create it and start it — one container at a time, as the kubelet does.

import type { Container } from '../../../protocols/kube/objects.ts';
import type { CriReply, PodSandboxStatus } from '../../../protocols/kube/cri.ts';
import { getCall } from '../../client/index.ts';
import type { PersistentVolume, PersistentVolumeClaim } from '../../../protocols/kube/objects.ts';
import { attachGate } from './attach-wait.ts';
import { computePodActions } from '../sync/pod-actions.ts';
import { nextRestartCount, sandboxConfigFor } from '../sync/cri-configs.ts';
import { podGracePeriod } from '../sync/grace.ts';
import { containerConfigOf } from './container-config.ts';
import { killSteps, startWave, waveAnswered } from './killing.ts';
import { volumeUpdates } from './volume-updates.ts';
import type { CriOutcome } from './cri.ts';
import { beginSync, type BoundPod, deleting, labelSelectorOf, listed, type PodWorker, READ, sandboxRead, type Step, stopped } from './pod-worker.ts';
import type { KubeletShell } from './types.ts';

type Ok<R extends CriReply['rpc']> = Extract<CriReply, { rpc: R; ok: true }>['response'];

const containerOf = (pod: BoundPod, init: boolean, index: number): Container => (init ? pod.spec!.initContainers! : pod.spec!.containers)[index]!;

/** Asks for a sync of the pod: now if idle, else once the running one ends. */
export function requestSync(k: KubeletShell, w: PodWorker): void {
  if (w.busy) {
    w.again = true;
    return;
  }
  beginSync(w);
  advance(k, w);
}

/** Runs local steps and sends the next CRI call; returns when waiting for an answer or done. */
export function advance(k: KubeletShell, w: PodWorker): void {
  for (;;) {
    const step = w.steps.shift();
    if (step === undefined) return finish(k, w);
    if (step.op === 'decide') {
      w.steps.unshift(...decide(k, w));
      continue;
    }
    if (step.op === 'report') {
      k.report(w);
      continue;
    }
    if (step.op === 'claims') {
      w.steps.unshift(step);
      return readClaims(k, w);
    }
    if (step.op === 'start' && !startable(step)) continue;
    if (step.op === 'create' && !creatable(k, w, step)) continue;
    w.steps.unshift(step);
    if (step.op === 'pull' && !pullSlot(k, w)) return;
    send(k, w, step);
    return;
  }
}

function finish(k: KubeletShell, w: PodWorker): void {
  w.busy = false;
  k.synced(w);
  // A worker forgotten just now (its pod gone and stopped) starts nothing more.
  if (w.again && k.parts.s.workers[w.uid] === w) requestSync(k, w);
}

function send(k: KubeletShell, w: PodWorker, step: Step): void {
  const tag = { for: 'pod' as const, uid: w.uid, run: w.run };
  switch (step.op) {
    case 'list':
      return void k.cri({ type: 'ListPodSandbox', filter: { labelSelector: labelSelectorOf(w) } }, tag);
    case 'sandboxStatus':
      return void k.cri({ type: 'PodSandboxStatus', podSandboxId: step.id }, tag);
    case 'newSandboxStatus':
      return void k.cri({ type: 'PodSandboxStatus', podSandboxId: w.sandbox!.id }, tag);
    case 'stopContainers':
      return startWave(k, w, step);
    case 'stopSandbox':
      return void k.cri({ type: 'StopPodSandbox', podSandboxId: step.id }, tag);
    case 'runSandbox': {
      const config = sandboxConfigFor(w.pod, step.attempt);
      w.sandbox = { id: '', config, ips: [] };
      return void k.cri({ type: 'RunPodSandbox', config, runtimeHandler: '' }, tag);
    }
    case 'ensureImage':
    case 'pulledSize':
      return void k.cri({ type: 'ImageStatus', image: { image: containerOf(w.pod, step.init, step.index).image! } }, tag);
    case 'pull': {
      const c = containerOf(w.pod, step.init, step.index);
      k.event(w.pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, c.name);
      k.pullStarted(w, c.image!);
      return void k.cri({ type: 'PullImage', image: { image: c.image! }, sandboxConfig: w.sandbox!.config }, { ...tag, part: 'pull' });
    }
    case 'create': {
      const c = containerOf(w.pod, step.init, step.index);
      const made = containerConfigOf(k, w, c, nextRestartCount(w.runtime, c.name));
      if (!made.ok) throw new Error('unreachable: creatable() checked the config');
      w.creating = JSON.stringify(made.config.mountFiles ?? {});
      return void k.cri({ type: 'CreateContainer', podSandboxId: w.sandbox!.id, config: made.config, sandboxConfig: w.sandbox!.config }, tag);
    }
    case 'start':
      return void k.cri({ type: 'StartContainer', containerId: step.containerId }, tag);
    case 'updateVolumes':
      return void k.cri({ type: 'UpdateContainerVolumes', containerId: step.containerId, mountFiles: step.mountFiles }, tag);
  }
}

/** The answer to the step at the head of the worker's steps. */
export function answered(k: KubeletShell, w: PodWorker, run: number, outcome: CriOutcome, part?: string): void {
  if (run !== w.run) return; // an answer to a sync that ended (a kubelet that moved on)
  const head = w.steps[0];
  if (head?.op === 'stopContainers' && part !== undefined && !waveAnswered(k, w, head, part, outcome)) return;
  const step = w.steps.shift();
  if (step === undefined) return;
  const ok = outcome.ok ? outcome.reply.response : undefined;
  switch (step.op) {
    case 'list': {
      if (!outcome.ok) return unreadable(k, w);
      const items = (ok as Ok<'ListPodSandbox'>).items;
      w.steps.unshift(...listed(w, items.map((i) => i.id)));
      break;
    }
    case 'sandboxStatus':
    case 'newSandboxStatus': {
      // A sandbox removed since the list is simply not there; any other failure leaves the pod's state unknown.
      if (!outcome.ok && outcome.code !== 'NotFound') return unreadable(k, w);
      const r = ok as Ok<'PodSandboxStatus'> | undefined;
      if (step.op === 'sandboxStatus') sandboxRead(w, r?.status, r?.containersStatuses ?? []);
      else if (r !== undefined && w.sandbox !== null) w.sandbox.ips = ipsOf(r.status);
      break;
    }
    case 'runSandbox': {
      if (!outcome.ok) {
        k.event(w.pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: ${outcome.message}`);
        return abort(k, w, 10_000);
      }
      w.sandbox!.id = (ok as Ok<'RunPodSandbox'>).podSandboxId;
      w.steps.unshift({ op: 'newSandboxStatus' });
      break;
    }
    case 'ensureImage': {
      const present = ok !== undefined && (ok as Ok<'ImageStatus'>).image !== undefined;
      const c = containerOf(w.pod, step.init, step.index);
      const decision = k.imageDecision(w, c, present);
      if (decision === 'pull') w.steps.unshift({ op: 'pull', init: step.init, index: step.index });
      else if (decision === 'skip') dropContainerSteps(w, step.init, step.index);
      else k.event(w.pod, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`, c.name);
      break;
    }
    case 'pull': {
      const c = containerOf(w.pod, step.init, step.index);
      if (!k.pulled(w, c, outcome)) dropContainerSteps(w, step.init, step.index);
      else w.steps.unshift({ op: 'pulledSize', init: step.init, index: step.index });
      break;
    }
    case 'pulledSize': {
      const size = ok === undefined ? 0 : ((ok as Ok<'ImageStatus'>).image?.size ?? 0);
      k.pulledEvent(w, containerOf(w.pod, step.init, step.index), size);
      break;
    }
    case 'create': {
      const c = containerOf(w.pod, step.init, step.index);
      if (!outcome.ok) {
        w.waiting[c.name] = { reason: 'CreateContainerError', message: outcome.message };
        k.event(w.pod, 'Warning', 'Failed', `Error: ${outcome.message}`, c.name);
        dropContainerSteps(w, step.init, step.index);
        break;
      }
      k.event(w.pod, 'Normal', 'Created', `Created container ${c.name}`, c.name);
      const containerId = (ok as Ok<'CreateContainer'>).containerId;
      w.volumes[containerId] = w.creating;
      const at = w.steps.findIndex((s) => s.op === 'start' && s.init === step.init && s.index === step.index);
      if (at >= 0) w.steps[at] = { op: 'start', init: step.init, index: step.index, containerId };
      break;
    }
    case 'start': {
      const c = containerOf(w.pod, step.init, step.index);
      if (!outcome.ok) {
        w.waiting[c.name] = { reason: 'RunContainerError', message: outcome.message };
        k.event(w.pod, 'Warning', 'Failed', `Error: ${outcome.message}`, c.name);
        break;
      }
      delete w.waiting[c.name];
      k.event(w.pod, 'Normal', 'Started', `Started container ${c.name}`, c.name);
      k.containerStarted(w, c);
      break;
    }
    case 'updateVolumes':
      if (outcome.ok) w.volumes[step.containerId] = JSON.stringify(step.mountFiles);
      break;
    case 'stopContainers':
    case 'stopSandbox':
      break;
    case 'decide':
    case 'report':
    case 'claims':
      break;
  }
  advance(k, w);
}

/**
 * serializeImagePulls (the kubelet's default): one pull at a time on the node. A worker whose next
 * step is a pull waits for the slot; it is woken when the pull before it ends.
 */
function pullSlot(k: KubeletShell, w: PodWorker): boolean {
  const s = k.parts.s;
  if (s.pulling === null || s.pulling === w.uid) {
    s.pulling = w.uid;
    return true;
  }
  if (!s.pullQueue.includes(w.uid)) s.pullQueue.push(w.uid);
  return false;
}

/** A pull ended (whatever sync it belonged to): the next waiting worker gets the slot. */
export function pullEnded(k: KubeletShell): void {
  const s = k.parts.s;
  s.pulling = null;
  for (let uid = s.pullQueue.shift(); uid !== undefined; uid = s.pullQueue.shift()) {
    const next = s.workers[uid];
    if (next !== undefined && next.steps[0]?.op === 'pull') return advance(k, next);
  }
}

export const CLAIM_TAG = 'claim/';

/** GETs every claim the pod mounts; the sync goes on when all have answered (claimRead). */
function readClaims(k: KubeletShell, w: PodWorker): void {
  const names = [...new Set((w.pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : [])))];
  w.claimsLeft = names.length;
  const { kit, s, ctx } = k.parts;
  for (const name of names) kit.call(s.kit, ctx, getCall('persistentvolumeclaims', name, { namespace: w.pod.metadata.namespace! }), `${CLAIM_TAG}${w.uid}/${w.run}/${name}`);
}

/** A claim's GET answered: kept (or null when it failed); a bound one's PV is read next. */
export function claimRead(k: KubeletShell, w: PodWorker, run: number, name: string, claim: PersistentVolumeClaim | null): void {
  if (run !== w.run || w.steps[0]?.op !== 'claims') return;
  w.claims[name] = claim;
  const pv = claim?.status?.phase === 'Bound' ? claim.spec?.volumeName : undefined;
  if (pv) {
    w.claimsLeft++;
    const { kit, s, ctx } = k.parts;
    kit.call(s.kit, ctx, getCall('persistentvolumes', pv), `${PV_TAG}${w.uid}/${w.run}/${pv}`);
  }
  readAnswered(k, w);
}

export const PV_TAG = 'pv/';

/** A PersistentVolume's GET answered (its source names the volume for attach/detach). */
export function volumeRead(k: KubeletShell, w: PodWorker, run: number, name: string, pv: PersistentVolume | null): void {
  if (run !== w.run || w.steps[0]?.op !== 'claims') return;
  w.pvs[name] = pv;
  readAnswered(k, w);
}

/** The sync goes on after the last claim or volume read. */
function readAnswered(k: KubeletShell, w: PodWorker): void {
  if (--w.claimsLeft > 0) return;
  w.steps.shift();
  advance(k, w);
}

/**
 * The runtime could not say what the pod runs: the sync ends there, deciding and reporting
 * nothing (an empty answer would read as "nothing runs" and start a second sandbox, or confirm a
 * deletion while containers still run), and tries again later, as SyncPod returns an error.
 */
function unreadable(k: KubeletShell, w: PodWorker): void {
  w.reading = null;
  w.steps = [];
  k.resyncAfter(w, 10_000);
  advance(k, w);
}

/** Ends the sync early, and tries again after `retryMs`. */
function abort(k: KubeletShell, w: PodWorker, retryMs: number): void {
  w.steps = [...READ, { op: 'report' }];
  k.resyncAfter(w, retryMs);
  advance(k, w);
}

function dropContainerSteps(w: PodWorker, init: boolean, index: number): void {
  w.steps = w.steps.filter((s) => !(('init' in s) && s.init === init && s.index === index));
  // Regular init containers run one at a time: the ones after a failed one wait for the next sync.
  if (init) w.steps = w.steps.filter((s) => !('init' in s) || !s.init || s.index < index);
}

const ipsOf = (s: PodSandboxStatus): string[] => (s.network === undefined || s.network.ip === '' ? [] : [s.network.ip, ...s.network.additionalIps.map((a) => a.ip)]);

/** A start whose create failed has no container to start. */
const startable = (step: Extract<Step, { op: 'start' }>): boolean => step.containerId !== '';

/** Whether a container's config can be made (its ConfigMaps and Secrets exist); says why not. */
function creatable(k: KubeletShell, w: PodWorker, step: Extract<Step, { op: 'create' }>): boolean {
  const c = containerOf(w.pod, step.init, step.index);
  const made = containerConfigOf(k, w, c, nextRestartCount(w.runtime, c.name));
  if (made.ok) return true;
  w.waiting[c.name] = { reason: made.reason, message: made.message };
  if (made.event) k.event(w.pod, 'Warning', made.event.reason, made.event.message);
  else k.event(w.pod, 'Warning', 'Failed', `Error: ${made.message}`, c.name);
  dropContainerSteps(w, step.init, step.index);
  // The pod worker tries again after its back-off period, as the kubelet's does after a sync error.
  k.resyncAfter(w, 10_000);
  return false;
}

/** The decision step: what to kill and start, from the runtime state just read. */
function decide(k: KubeletShell, w: PodWorker): Step[] {
  const rp = w.runtime;
  // A rejected pod never starts; one found running (admitted before a kubelet restart) is stopped.
  if (w.admission !== 'admitted' && stopped(rp)) return [{ op: 'report' }];
  if (w.admission !== 'admitted' || deleting(w) || k.terminal(w) || w.evicted !== null) {
    if (stopped(rp) && w.tornDown) return [{ op: 'report' }];
    w.tornDown = true;
    const grace = w.evicted !== null ? w.evicted.gracePeriodSeconds : podGracePeriod(w.pod);
    return [...killSteps(w.pod, rp, grace, (name) => `Stopping container ${name}`), ...READ, { op: 'report' }];
  }
  // WaitForAttachAndMount: nothing starts before the pod's PersistentVolumes are attached.
  if (!attachGate(k, w)) return [{ op: 'report' }];
  const actions = computePodActions(w.pod, rp, k.syncInputs(w));
  const steps: Step[] = [];
  if (actions.killPod) steps.push(...killSteps(w.pod, rp, podGracePeriod(w.pod), (name) => `Stopping container ${name}`));
  else if (actions.containersToKill.length > 0)
    steps.push({ op: 'stopContainers', stops: actions.containersToKill.map((x) => ({ id: x.containerId, name: x.name, grace: x.gracePeriodSeconds, message: x.message })) });
  if (actions.createSandbox) steps.push({ op: 'runSandbox', attempt: actions.attempt });
  else {
    const s = rp.sandboxes.find((x) => x.id === actions.sandboxId);
    if (s !== undefined) w.sandbox = { id: s.id, config: sandboxConfigFor(w.pod, s.metadata.attempt), ips: ipsOf(s) };
  }
  const containerSteps = (init: boolean, index: number): Step[] => [
    { op: 'ensureImage', init, index },
    { op: 'create', init, index },
    { op: 'start', init, index, containerId: '' },
  ];
  for (const i of actions.initContainersToStart) steps.push(...containerSteps(true, i));
  for (const i of actions.containersToStart) steps.push(...containerSteps(false, i));
  if (!actions.killPod) steps.push(...volumeUpdates(k, w));
  return [...steps, ...READ, { op: 'report' }];
}

