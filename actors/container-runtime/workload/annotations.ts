// The sim.kybernetes.io/ annotations: how a scenario tunes what a container does without changing
// its image or command. `sim.kybernetes.io/<key>` applies to every container of the pod,
// `sim.kybernetes.io/<key>.<container>` to one container and wins over the pod-wide one (container
// names are DNS labels, so they hold no dot and the split is unambiguous). A value that does not
// parse is reported as a Warning event naming the annotation and the value, and the default stays.

import { tryParseQuantity, quantityValue } from '../../../protocols/kube/quantity.ts';
import { parseDuration } from './duration.ts';
import type { ProcessOutput } from './process.ts';

export const ANNOTATION_PREFIX = 'sim.kybernetes.io/';

/** What the annotations set; absent fields keep the image's defaults. */
export interface Tuning {
  /** ms from start until a server listens. */
  readonly startupMs?: number;
  /** ms after listening during which HTTP answers 503 (TCP connects). */
  readonly readinessDelayMs?: number;
  /** ms from start until the process exits with `exitCode`. */
  readonly crashAfterMs?: number;
  readonly exitCode?: number;
  readonly memoryBaselineBytes?: number;
  /** Bytes added to the working set per second of running. */
  readonly memoryGrowthBytesPerSec?: number;
  /** CPU time one request costs, in ms. */
  readonly cpuMsPerRequest?: number;
  /** ms an HTTP answer takes. */
  readonly latencyMs?: number;
  /** ms from start after which HTTP answers 500. */
  readonly failProbesAfterMs?: number;
  /** ms a server takes to stop after SIGTERM; null: it ignores SIGTERM (waits for SIGKILL). */
  readonly stopMs?: number | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Parser = (value: string) => { ok: true; set: Partial<Tuning> } | { ok: false; expected: string };

const DURATION = 'a duration such as 250ms, 5s or 2m';
const BYTES = 'a quantity of bytes such as 64Mi or 1G';

const duration = (field: keyof Tuning): Parser => (v) => {
  const ms = parseDuration(v);
  return ms === undefined ? { ok: false, expected: DURATION } : { ok: true, set: { [field]: ms } };
};
const bytes = (field: keyof Tuning): Parser => (v) => {
  const q = tryParseQuantity(v.trim());
  if (q === undefined || q.nanos < 0n) return { ok: false, expected: BYTES };
  return { ok: true, set: { [field]: quantityValue(q) } };
};

/** The keys, in the order the README's table lists them. */
export const ANNOTATION_KEYS: Readonly<Record<string, Parser>> = {
  'startup-time': duration('startupMs'),
  'readiness-delay': duration('readinessDelayMs'),
  'crash-after': duration('crashAfterMs'),
  'exit-code': (v) => {
    const n = /^\d{1,3}$/.test(v.trim()) ? Number(v.trim()) : NaN;
    return n >= 0 && n <= 255 ? { ok: true, set: { exitCode: n } } : { ok: false, expected: 'an integer from 0 to 255' };
  },
  'memory-baseline': bytes('memoryBaselineBytes'),
  'memory-growth': bytes('memoryGrowthBytesPerSec'),
  'cpu-per-request': duration('cpuMsPerRequest'),
  latency: duration('latencyMs'),
  'fail-probes-after': duration('failProbesAfterMs'),
  'stop-time': (v) => (v.trim() === 'never' ? { ok: true, set: { stopMs: null } } : duration('stopMs')(v)),
};

export interface ParsedTuning {
  readonly tuning: Tuning;
  readonly events: readonly ProcessOutput[];
}

const warn = (reason: string, message: string): ProcessOutput => ({ kind: 'event', type: 'Warning', reason, message });

/** The tuning of `container` from the pod's annotations, with a Warning event per bad one. */
export function parseTuning(annotations: Readonly<Record<string, string>>, container: string): ParsedTuning {
  const podWide: Mutable<Tuning> = {};
  const own: Mutable<Tuning> = {};
  const events: ProcessOutput[] = [];
  for (const name of Object.keys(annotations).sort()) {
    if (!name.startsWith(ANNOTATION_PREFIX)) continue;
    const value = annotations[name]!;
    const rest = name.slice(ANNOTATION_PREFIX.length);
    const dot = rest.indexOf('.');
    const key = dot < 0 ? rest : rest.slice(0, dot);
    const target = dot < 0 ? undefined : rest.slice(dot + 1);
    const parse = ANNOTATION_KEYS[key];
    if (parse === undefined) {
      // Only the container it names (or every one, pod-wide) reports it, so a pod says it once per container at most.
      if (target === undefined || target === container)
        events.push(warn('InvalidAnnotation', `${name}: unknown annotation; known keys are ${Object.keys(ANNOTATION_KEYS).join(', ')}`));
      continue;
    }
    if (target !== undefined && target !== container) continue;
    const result = parse(value);
    if (!result.ok) {
      events.push(warn('InvalidAnnotation', `${name}: invalid value "${value}": must be ${result.expected}; using the default`));
      continue;
    }
    Object.assign(target === undefined ? podWide : own, result.set);
  }
  return { tuning: { ...podWide, ...own }, events };
}
