// What a pod worker's steps may ask of the kubelet around them: CRI calls, events, the status
// manager, images, restart back-off, probes. Built per message from the kubelet's state and
// context, so the steps (pod-sync.ts) stay free of the actor.

import { referenceTo } from '../../client/index.ts';
import { pullDecision, pulledMessage } from '../images.ts';
import { isTerminalPhase } from '../status/phase.ts';
import { criCall } from './cri.ts';
import { probeResults, startProbes } from './probing.ts';
import { pullBackOffUntil, pullFailed, pullSucceeded, restartBackOff } from './restarts.ts';
import type { KubeletShell, ShellParts } from './types.ts';
import { afterSync, reportStatus } from './status-writer.ts';

export function kubeletShell(p: ShellParts): KubeletShell {
  const { s, ctx, options, kit } = p;
  const self: KubeletShell = {
    parts: p,
    now: () => ctx.now(),
    cri: (call, tag) => void criCall(s.cri, ctx, options.node, call, tag),
    event(pod, type, reason, message, container) {
      const init = container !== undefined && (pod.spec?.initContainers ?? []).some((c) => c.name === container);
      const fieldPath = container === undefined ? undefined : `spec.${init ? 'initContainers' : 'containers'}{${container}}`;
      kit.event(s.kit, ctx, referenceTo({ ...pod, apiVersion: 'v1', kind: 'Pod' }, fieldPath), type, reason, message);
    },
    report: (w) => reportStatus(self, w),
    synced: (w) => afterSync(self, w),
    // Whole milliseconds, at least one: a back-off that ends between two float instants must not
    // wake the pod again at an instant that still reads as inside it.
    // One timer per pod, for the earliest time asked: a later request never pushes an earlier one back.
    resyncAfter: (w, ms) => {
      const at = ctx.now() + Math.max(1, Math.ceil(ms));
      if (ctx.timers.isActive(`resync/${w.uid}`) && w.resyncAt <= at) return;
      w.resyncAt = at;
      ctx.timers.once(`resync/${w.uid}`, at - ctx.now(), { type: 'PodResync', uid: w.uid });
    },
    imageDecision(w, c, present) {
      const d = pullDecision(c, present);
      if ('error' in d) {
        w.waiting[c.name] = d.error;
        self.event(w.pod, 'Warning', 'ErrImageNeverPull', d.error.message, c.name);
        return 'skip';
      }
      if (!d.pull) return 'present';
      const backOff = pullBackOffUntil(self, w, c);
      if (backOff !== undefined) {
        w.waiting[c.name] = { reason: 'ImagePullBackOff', message: backOff.message };
        self.event(w.pod, 'Normal', 'BackOff', backOff.event, c.name);
        self.event(w.pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', c.name);
        self.resyncAfter(w, backOff.until - ctx.now());
        return 'skip';
      }
      return 'pull';
    },
    pullStarted: (w, image) => {
      w.pulls[image] = ctx.now();
    },
    pulled(w, c, outcome) {
      if (!outcome.ok) {
        w.waiting[c.name] = { reason: 'ErrImagePull', message: outcome.message };
        self.event(w.pod, 'Warning', 'Failed', `Failed to pull image "${c.image}": ${outcome.message}`, c.name);
        self.event(w.pod, 'Warning', 'Failed', 'Error: ErrImagePull', c.name);
        self.resyncAfter(w, pullFailed(self, w, c, outcome.message) - ctx.now());
        return false;
      }
      delete w.waiting[c.name];
      pullSucceeded(self, w, c);
      return true;
    },
    pulledEvent(w, c, size) {
      const took = ctx.now() - (w.pulls[c.image!] ?? ctx.now());
      delete w.pulls[c.image!];
      self.event(w.pod, 'Normal', 'Pulled', pulledMessage(c.image!, took, took, size), c.name);
    },
    containerStarted: (w, c) => startProbes(self, w, c),
    terminal: (w) => isTerminalPhase(w.reported?.phase ?? w.pod.status?.phase),
    syncInputs: (w) => ({
      now: ctx.now(),
      liveness: probeResults(s, w, 'liveness'),
      startup: probeResults(s, w, 'startup'),
      inBackOff: restartBackOff(self, w),
    }),
  };
  return self;
}
