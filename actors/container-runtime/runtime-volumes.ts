// A container wrote a file: under a volume mount it lands in the volume (runtime-state's
// `volumes`, journaled on the host's disk) and every other running container mounting that host
// path sees it at once, as processes sharing a directory do. A write outside any mount, or into
// a read-only mount, stays the process's own.

import { appendVolumeWrite } from './runtime-state.ts';
import type { Ctx, RuntimeState } from './runtime-state.ts';
import { mountOf } from './volume-data.ts';

export function containerWrote(s: RuntimeState, ctx: Ctx, containerId: string, path: string, content: string): void {
  const c = s.records.containers[containerId];
  if (!c) return;
  const m = mountOf(c.config.mounts, path);
  if (m === undefined || m.readonly) return;
  appendVolumeWrite(s, ctx, { hostPath: m.hostPath, rel: m.rel, content });
  for (const other of Object.values(s.records.containers)) {
    if (other.id === containerId || other.state !== 'CONTAINER_RUNNING') continue;
    const there = other.config.mounts.find((x) => x.hostPath === m.hostPath);
    const actor = s.actors[other.sandboxId];
    if (there === undefined || actor === undefined) continue;
    ctx.send(actor, { type: 'ToContainer', containerId: other.id, msg: { type: 'UpdateFiles', set: { [`${there.containerPath.replace(/\/$/, '')}/${m.rel}`]: content }, remove: [] } });
  }
}
