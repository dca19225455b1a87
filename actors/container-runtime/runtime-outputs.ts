// What a container's process tells the runtime besides log lines and its exit. A file it wrote:
// under a volume mount it lands in the volume (runtime-state's `volumes`, journaled on the host's
// disk) and every other running container mounting that host path sees it at once, as processes
// sharing a directory do; a write outside any mount, or into a read-only mount, stays the
// process's own. A note from the workload model: kept on the container for the kubelet's Events.

import { appendVolumeWrite, persist } from './runtime-state.ts';
import { withContainer } from './records.ts';
import type { ProcessNote } from '../../protocols/kube/cri.ts';
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

/** Notes a container keeps for the kubelet: the last 20, as an event log would keep its tail. */
const MAX_NOTES = 20;

export function containerNote(s: RuntimeState, ctx: Ctx, containerId: string, note: ProcessNote): void {
  const c = s.records.containers[containerId];
  if (!c) return;
  s.records = withContainer(s.records, { ...c, notes: [...(c.notes ?? []), note].slice(-MAX_NOTES) });
  persist(s, ctx);
}
