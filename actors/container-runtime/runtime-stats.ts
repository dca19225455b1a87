// ListContainerStats: the runtime asks each running container's process for its memory working
// set (through the container's sandbox) and answers with what came back; a container that does
// not answer within a second (it died meanwhile) is left out, as cAdvisor skips a vanished cgroup.

import type { ListContainerStats } from '../../protocols/kube/cri.ts';
import { type Ctx, ok, type RuntimeState } from './runtime-state.ts';

const DEADLINE_MS = 1000;

export function listContainerStats(s: RuntimeState, ctx: Ctx, m: ListContainerStats): void {
  const statsId = ++s.nextStats;
  const running = Object.values(s.records.containers).filter(
    (c) => c.state === 'CONTAINER_RUNNING' && (m.filter?.id === undefined || c.id === m.filter.id) && (m.filter?.podSandboxId === undefined || c.sandboxId === m.filter.podSandboxId),
  );
  const asked: string[] = [];
  for (const c of running) {
    const sandbox = s.actors[c.sandboxId];
    if (sandbox === undefined) continue;
    ctx.send(sandbox, { type: 'ToContainer', containerId: c.id, msg: { type: 'Stats', statsId } });
    asked.push(c.id);
  }
  s.stats[statsId] = { reqId: m.reqId, replyTo: m.replyTo, waiting: asked, stats: [] };
  if (asked.length === 0) return answer(s, ctx, statsId);
  ctx.timers.once(`stats/${statsId}`, DEADLINE_MS, { type: 'StatsDeadline', statsId });
}

export function containerStatsReport(s: RuntimeState, ctx: Ctx, statsId: number, containerId: string, workingSetBytes: number): void {
  const g = s.stats[statsId];
  const c = s.records.containers[containerId];
  if (g === undefined || c === undefined || !g.waiting.includes(containerId)) return;
  g.waiting.splice(g.waiting.indexOf(containerId), 1);
  g.stats.push({ attributes: { id: c.id, metadata: c.metadata, labels: c.config.labels }, memory: { timestamp: ctx.now(), workingSetBytes: { value: workingSetBytes } } });
  if (g.waiting.length === 0) answer(s, ctx, statsId);
}

export function answer(s: RuntimeState, ctx: Ctx, statsId: number): void {
  const g = s.stats[statsId];
  if (g === undefined) return;
  delete s.stats[statsId];
  ctx.timers.cancel(`stats/${statsId}`);
  const stats = [...g.stats].sort((a, b) => (a.attributes.id < b.attributes.id ? -1 : 1));
  ctx.send(g.replyTo, ok('ListContainerStats', g.reqId, { stats }));
}
