// Drives a process of the workload model as the container actor would: start, then advance at
// each wakeAt, with signals and probes at given times. Returns what happened, stamped with time.

import { workloadModel } from '../../../actors/container-runtime/workload/index.ts';
import type { ProcessOutput, ProcessSpec, ProcessState, ProcessStep } from '../../../actors/container-runtime/workload/process.ts';

export const spec = (o: Partial<ProcessSpec>): ProcessSpec => ({
  image: 'busybox', containerName: 'main', command: [], args: [], env: {}, annotations: {}, ports: [], files: {}, memoryLimitBytes: 0, ...o,
});

/** A seeded stream (mulberry32), as the actor's would be. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Timed {
  readonly at: number;
  readonly output: ProcessOutput;
}

export type Action = (state: ProcessState, at: number) => ProcessStep | void;

export interface Run {
  readonly outputs: Timed[];
  readonly state: ProcessState;
  readonly exit: { at: number; exitCode: number; reason: string; message?: string } | undefined;
  readonly logs: string[];
  readonly steps: ProcessStep[];
}

/** Runs `s` until `until` (virtual ms) or its exit; `actions` happen at their times, before a wake at the same time. */
export function drive(s: ProcessSpec, until: number, actions: readonly [number, Action][] = [], random = seeded(1)): Run {
  const outputs: Timed[] = [];
  const steps: ProcessStep[] = [];
  const record = (at: number, step: ProcessStep) => {
    steps.push(step);
    for (const output of step.outputs) outputs.push({ at, output });
  };
  let step = workloadModel.start(s, 0, random);
  record(0, step);
  let state = step.state;
  let wakeAt = step.wakeAt;
  const pending = [...actions].sort((a, b) => a[0] - b[0]);
  while (!outputs.some((o) => o.output.kind === 'exit')) {
    const action = pending[0];
    if (action !== undefined && action[0] <= until && (wakeAt === null || action[0] <= wakeAt)) {
      pending.shift();
      const r = action[1](state, action[0]);
      if (r !== undefined) {
        record(action[0], r);
        state = r.state;
        wakeAt = r.wakeAt;
      }
      continue;
    }
    if (wakeAt === null || wakeAt > until) break;
    const at = wakeAt;
    step = workloadModel.advance(state, at, random);
    record(at, step);
    state = step.state;
    wakeAt = step.wakeAt;
  }
  const e = outputs.find((o) => o.output.kind === 'exit');
  return {
    outputs, state, steps,
    exit: e === undefined || e.output.kind !== 'exit' ? undefined : { at: e.at, exitCode: e.output.exitCode, reason: e.output.reason, ...(e.output.message !== undefined ? { message: e.output.message } : {}) },
    logs: outputs.flatMap((o) => (o.output.kind === 'log' ? [`${o.output.stream === 'stderr' ? '!' : ''}${o.output.line}`] : [])),
  };
}

export const events = (r: Run) => r.outputs.flatMap((o) => (o.output.kind === 'event' ? [o.output] : []));
export const sigterm: Action = (st, at) => workloadModel.signal(st, 'SIGTERM', at, seeded(2));
export const sigkill: Action = (st, at) => workloadModel.signal(st, 'SIGKILL', at, seeded(2));
