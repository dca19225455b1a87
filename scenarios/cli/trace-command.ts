// kyb trace TRACE [--actor GLOB] [--type TYPE] [--from T] [--to T] [--explain SEQ | --explain NS/NAME | --pod NS/NAME] [--format ...]
// --explain NS/NAME is --pod NS/NAME: a pod's explanation is why the scheduler put it where it is.

import { TraceReader } from '../../runtime/trace/index.ts';
import { parseDuration } from '../duration.ts';
import { explainPod } from './pod-explain.ts';
import { UsageError } from './errors.ts';
import { explain, filterEvents, formatText, toChrome, toJsonLine, toMermaid, type TraceFilter } from './trace-view.ts';

export interface TraceFlags {
  readonly actor?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
  readonly explain?: string;
  readonly pod?: string;
  readonly format?: string;
}

const FORMATS = ['text', 'json', 'chrome', 'mermaid'];

function parseEventNumber(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > Number.MAX_SAFE_INTEGER)
    throw new UsageError(`--explain: Invalid value: "${text}": must be an event number from 0 to ${Number.MAX_SAFE_INTEGER}, or a pod as NAMESPACE/NAME`);
  return Number(text);
}

/** --pod: the scheduler's account of one pod, in text. */
function podCommand(file: string, flags: TraceFlags): number {
  const m = /^([a-z0-9-]+)\/([a-z0-9.-]+)$/.exec(flags.pod ?? '');
  if (m === null) throw new UsageError(`--pod: Invalid value: "${flags.pod}": must be NAMESPACE/NAME`);
  const others = (['actor', 'type', 'from', 'to', 'explain'] as const).filter((f) => flags[f] !== undefined);
  if (others.length > 0 || (flags.format ?? 'text') !== 'text') throw new UsageError(`--pod cannot be combined with ${[...others.map((f) => `--${f}`), ...(others.length === 0 ? ['--format'] : [])].join(', ')}: it reads the whole trace and prints text`);
  const reader = new TraceReader(file);
  try {
    const lines = explainPod(reader.events(), m[1]!, m[2]!);
    reader.drain();
    if (lines.length === 0) {
      process.stdout.write(`no scheduling of pod ${flags.pod} in this trace\n`);
      return 1;
    }
    for (const line of lines) process.stdout.write(`${line}\n`);
    return 0;
  } finally {
    reader.close();
  }
}

export async function traceCommand(file: string, flags: TraceFlags): Promise<number> {
  if (flags.pod !== undefined) return podCommand(file, flags);
  if (flags.explain?.includes('/')) return podCommand(file, { ...flags, pod: flags.explain, explain: undefined });
  const format = flags.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format: invalid value "${format}": must be one of ${FORMATS.join(', ')}`);
  const seq = flags.explain === undefined ? undefined : parseEventNumber(flags.explain);
  // A chain of causes cut by a filter would not explain anything: refused, not half-applied.
  const filters = (['actor', 'type', 'from', 'to'] as const).filter((f) => flags[f] !== undefined);
  if (seq !== undefined && filters.length > 0)
    throw new UsageError(`--explain cannot be combined with ${filters.map((f) => `--${f}`).join(', ')}: it shows every cause of the event, whatever its actor, type or time`);
  const filter: TraceFilter = {
    actor: flags.actor,
    type: flags.type,
    from: flags.from === undefined ? undefined : parseDuration(flags.from, '--from'),
    to: flags.to === undefined ? undefined : parseDuration(flags.to, '--to'),
  };
  const reader = new TraceReader(file);
  try {
    const events = seq !== undefined ? explain(reader.events(), seq) : filterEvents(reader.events(), filter);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    switch (format) {
      case 'text':
        for (const e of events) out(formatText(e));
        break;
      case 'json':
        for (const e of events) out(toJsonLine(e));
        break;
      case 'chrome':
        out(JSON.stringify(toChrome(events)));
        break;
      case 'mermaid':
        out(toMermaid(events));
        break;
    }
    // Explain stops reading at its event; the rest of the file must still be whole.
    reader.drain();
  } finally {
    reader.close();
  }
  return 0;
}
