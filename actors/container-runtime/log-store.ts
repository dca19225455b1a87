// A container's log, bounded as the kubelet's log rotation bounds it: lines go to the current
// file until it passes containerLogMaxSize (10Mi), then a new file starts; containerLogMaxFiles
// (5) files are kept and the oldest goes. Sizes count each line's bytes in the CRI log format
// (timestamp, stream, tag, message, newline) approximated as the message plus a fixed prefix.

export interface LogLine {
  readonly time: number;
  readonly stream: 'stdout' | 'stderr';
  readonly log: string;
}

export interface LogFileSegment {
  lines: LogLine[];
  bytes: number;
}

/** Oldest first; the last is the file being written. Owned by the runtime's state, and appended in place. */
export type LogStore = LogFileSegment[];

export interface LogLimits {
  readonly maxSizeBytes: number;
  readonly maxFiles: number;
}

export const kubeletLogLimits: LogLimits = { maxSizeBytes: 10 * 1024 * 1024, maxFiles: 5 };

/** '2026-01-01T00:00:00.000000000Z stdout F ' is 41 bytes before the message. */
const PREFIX_BYTES = 41;

function lineBytes(l: LogLine): number {
  let n = 0;
  for (let i = 0; i < l.log.length; i++) {
    const c = l.log.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
  }
  return PREFIX_BYTES + n + 1;
}

/** Appends in place (a copy per line would cost the whole log each time) and returns the store. */
export function appendLines(store: LogStore, lines: readonly LogLine[], limits: LogLimits = kubeletLogLimits): LogStore {
  const files = store;
  if (files.length === 0) files.push({ lines: [], bytes: 0 });
  for (const l of lines) {
    let cur = files[files.length - 1]!;
    if (cur.bytes >= limits.maxSizeBytes) {
      cur = { lines: [], bytes: 0 };
      files.push(cur);
      while (files.length > limits.maxFiles) files.shift();
    }
    cur.lines.push(l);
    cur.bytes += lineBytes(l);
  }
  return files;
}

export function readLines(store: LogStore, tailLines?: number): LogLine[] {
  const all = store.flatMap((f) => f.lines);
  return tailLines === undefined ? all : tailLines <= 0 ? [] : all.slice(-tailLines);
}
