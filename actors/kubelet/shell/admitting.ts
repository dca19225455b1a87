// Pod admission on the node, as the kubelet's HandlePodAdditions: each new pod is checked against
// the node and the pods admitted before it (that are not finished); a rejected pod never starts
// and its status says why.

import { admitPod } from '../admission.ts';
import { nodeObject } from '../node/node-object.ts';
import { isTerminalPhase } from '../status/phase.ts';
import { hostConfigOf } from './host-config.ts';
import type { PodWorker } from './pod-worker.ts';
import type { KubeletShell } from './types.ts';

const finished = (w: PodWorker) => isTerminalPhase(w.reported?.phase ?? w.pod.status?.phase);

export function admitWorker(k: KubeletShell, w: PodWorker): void {
  const p = k.parts;
  if (finished(w)) {
    w.admission = 'admitted';
    return;
  }
  const node = p.s.node.node ?? nodeObject(hostConfigOf(p.options), p.ctx.now());
  const others = Object.values(p.s.workers).filter((o) => o !== w && o.admission === 'admitted' && !finished(o) && !o.gone).map((o) => o.pod);
  const verdict = admitPod(w.pod, node, others);
  if (verdict.admit) {
    w.admission = 'admitted';
    return;
  }
  w.admission = { reason: verdict.reason, message: verdict.message };
  k.event(w.pod, 'Warning', verdict.reason, verdict.message);
}
