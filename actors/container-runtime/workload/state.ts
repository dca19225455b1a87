// A container process's state: plain data the container actor keeps, traces and checkpoints.
// Everything the model decides later (when it listens, crashes, is OOM-killed) is fixed at start
// as absolute virtual times, so a replay with the same inputs gives the same steps.

import type { ExitReason, ProcessState } from './process.ts';
import type { ShellState } from './shell/machine.ts';

export interface ServerPart {
  readonly name: string;
  readonly ports: readonly number[];
  readonly text: string;
  readonly version: string;
  readonly listenAt: number;
  /** Until then HTTP answers 503 (readiness-delay). */
  readonly readyAt: number;
  readonly logged: boolean;
}

export interface WorkloadState {
  readonly kind: 'workload';
  readonly containerName: string;
  readonly hostname: string;
  readonly env: Readonly<Record<string, string>>;
  /** The file system exec sees when no shell keeps its own (servers, pause). */
  readonly files: Readonly<Record<string, string>>;
  readonly startedAt: number;
  readonly server: ServerPart | null;
  readonly shell: ShellState | null;
  readonly shellWakeAt: number | null;
  readonly piAt: number | null;
  readonly piDigits: number;
  /** What runs: SIGTERM means something different to each. */
  readonly program: 'server' | 'shell' | 'pause' | 'pi';
  readonly crashAt: number | null;
  readonly crashCode: number;
  readonly oomAt: number | null;
  readonly stopAt: number | null;
  readonly stopCode: number;
  /** ms a server takes to stop after SIGTERM; null: it ignores SIGTERM. */
  readonly stopMs: number | null;
  readonly memoryBaseline: number;
  readonly memoryGrowthPerSec: number;
  readonly memoryLimit: number;
  readonly cpuMsPerRequest: number;
  readonly latencyMs: number;
  readonly failAt: number | null;
  readonly exited: { readonly code: number; readonly reason: ExitReason } | null;
}

export const asWorkload = (state: ProcessState): WorkloadState => state as unknown as WorkloadState;
export const asProcessState = (state: WorkloadState): ProcessState => state as unknown as ProcessState;

export const reasonOf = (code: number): ExitReason => (code === 0 ? 'Completed' : 'Error');
