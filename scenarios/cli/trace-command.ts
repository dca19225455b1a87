// kyb trace TRACE [--actor GLOB] [--type TYPE] [--from T] [--to T] [--explain SEQ] [--format ...]

import { TraceReader } from '../../runtime/trace/index.ts';
import { parseDuration } from '../duration.ts';
import { UsageError } from './errors.ts';
import { explain, filterEvents, formatText, toChrome, toJsonLine, toMermaid, type TraceFilter } from './trace-view.ts';

export interface TraceFlags {
  readonly actor?: string;
  readonly type?: string;
  readonly from?: string;
  readonly to?: string;
  readonly explain?: string;
  readonly format?: string;
}

const FORMATS = ['text', 'json', 'chrome', 'mermaid'];

export async function traceCommand(file: string, flags: TraceFlags): Promise<number> {
  const format = flags.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`--format: invalid value "${format}": must be one of ${FORMATS.join(', ')}`);
  if (flags.explain !== undefined && !/^\d+$/.test(flags.explain)) throw new UsageError(`--explain: invalid value "${flags.explain}": must be an event number`);
  const filter: TraceFilter = {
    actor: flags.actor,
    type: flags.type,
    from: flags.from === undefined ? undefined : parseDuration(flags.from, '--from'),
    to: flags.to === undefined ? undefined : parseDuration(flags.to, '--to'),
  };
  const reader = new TraceReader(file);
  try {
    const events = flags.explain !== undefined ? explain(reader.events(), Number(flags.explain)) : filterEvents(reader.events(), filter);
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
  } finally {
    reader.close();
  }
  return 0;
}
