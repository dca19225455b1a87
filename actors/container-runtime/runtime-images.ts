// The ImageService: pulls take the image's size over the node's bandwidth in virtual time (one
// pull per reference however many ask); pulled images are kept on the host's disk.

import type { ImageStatus, PullImage, RemoveImage, RunPodSandbox } from '../../protocols/kube/cri.ts';
import { criErrors } from './errors.ts';
import { addImage, findImage, pullDurationMs, recordFor, removeImage as dropImage } from './images.ts';
import { afterSync, type Ctx, fail, ok, persist, type PullWaiter, replyDurably, type Resolved, type RuntimeState } from './runtime-state.ts';

/** Starts (or joins) the pull of `image`; unknown images and bad references fail their waiter at once. */
export function startPull(o: Resolved, s: RuntimeState, ctx: Ctx, image: string, waiter: PullWaiter): void {
  const info = o.catalog.lookup(image);
  if (!info || !info.known) {
    const error = info ? criErrors.pullNotFound(info.ref) : criErrors.invalidReference(image);
    if (waiter.kind === 'pull') ctx.send(waiter.replyTo, fail('PullImage', waiter.reqId, error));
    else ctx.send(waiter.request.replyTo, fail('RunPodSandbox', waiter.request.reqId, criErrors.sandboxImage(image, error.message)));
    return;
  }
  const waiting = s.pulls[info.ref];
  if (waiting) return void waiting.push(waiter);
  s.pulls[info.ref] = [waiter];
  ctx.timers.once(`pull:${info.ref}`, pullDurationMs(info.sizeBytes, o.bandwidth, ctx.random()), { type: 'PullDone', ref: info.ref });
}

export function pullImage(o: Resolved, s: RuntimeState, ctx: Ctx, m: PullImage): void {
  const info = o.catalog.lookup(m.image.image);
  const have = info?.known ? findImage(s.images, o.catalog, info.ref) : undefined;
  if (have) return ctx.send(m.replyTo, ok('PullImage', m.reqId, { imageRef: have.id }));
  startPull(o, s, ctx, m.image.image, { kind: 'pull', reqId: m.reqId, replyTo: m.replyTo });
}

/** The pull is done: the image is stored; returns the RunPodSandbox requests that waited for it. */
export function pullDone(o: Resolved, s: RuntimeState, ctx: Ctx, ref: string): RunPodSandbox[] {
  const waiters = s.pulls[ref] ?? [];
  delete s.pulls[ref];
  const info = o.catalog.lookup(ref);
  if (!info) return [];
  const sandbox = o.catalog.lookup(o.sandboxImage)?.ref === info.ref;
  s.images = addImage(s.images, recordFor(info, sandbox));
  const runs: RunPodSandbox[] = [];
  for (const w of waiters) {
    if (w.kind === 'run') runs.push(w.request);
    else afterSync(s, { kind: 'reply', to: w.replyTo, reply: ok('PullImage', w.reqId, { imageRef: info.digest }) });
  }
  persist(s, ctx);
  return runs;
}

export function imageStatus(o: Resolved, s: RuntimeState, ctx: Ctx, m: ImageStatus): void {
  const have = findImage(s.images, o.catalog, m.image.image);
  ctx.send(m.replyTo, ok('ImageStatus', m.reqId, have ? { image: have } : {}));
}

export function removeImage(o: Resolved, s: RuntimeState, ctx: Ctx, m: RemoveImage): void {
  const have = findImage(s.images, o.catalog, m.image.image);
  // Removing an image that is not there succeeds, as containerd's does.
  if (!have) return ctx.send(m.replyTo, ok('RemoveImage', m.reqId, {}));
  s.images = dropImage(s.images, have.id);
  replyDurably(s, ctx, m.replyTo, ok('RemoveImage', m.reqId, {}));
}
