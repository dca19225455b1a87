// The kubelet shell's seams, as types: what every part of the shell is handed. Only the actor
// (kubelet.ts) builds a KubeletShell; the parts take it as an argument, so none imports another's
// construction and the imports stay a tree.

import type { Container } from '../../../protocols/kube/objects.ts';
import type { Kit } from '../../client/index.ts';
import type { SyncInputs } from '../sync/pod-actions.ts';
import type { CriCall, CriOutcome, CriTag } from './cri.ts';
import type { BoundPod, PodWorker } from './pod-worker.ts';
import type { Ctx, KubeletOptions, KubeletState } from './state.ts';

export interface KubeletShell {
  readonly parts: ShellParts;
  now(): number;
  cri(call: CriCall, tag: CriTag): void;
  /** An Event on the pod, or on one of its containers (its fieldPath) when `container` is named. */
  event(pod: BoundPod, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void;
  report(w: PodWorker): void;
  synced(w: PodWorker): void;
  resyncAfter(w: PodWorker, ms: number): void;
  imageDecision(w: PodWorker, c: Container, present: boolean): 'pull' | 'present' | 'skip';
  pullStarted(w: PodWorker, image: string): void;
  /** Takes a pull's outcome; false when the container cannot start this sync. */
  pulled(w: PodWorker, c: Container, outcome: CriOutcome): boolean;
  /** The Pulled event, once the pulled image's size is known. */
  pulledEvent(w: PodWorker, c: Container, size: number): void;
  containerStarted(w: PodWorker, c: Container): void;
  terminal(w: PodWorker): boolean;
  syncInputs(w: PodWorker): SyncInputs;
}

export interface ShellParts {
  readonly s: KubeletState;
  readonly ctx: Ctx;
  readonly options: KubeletOptions;
  readonly kit: Kit;
}
