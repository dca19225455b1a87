// Traces: every event of a run, written as it goes, read back, replayed and rebuilt into trees.

export type { TraceEvent, TraceEventType, TraceHeader } from './event.ts';
export { treeAt, type TreeMoment } from './rebuild.ts';
export { TraceError, TraceReader, TraceWriter } from './trace-file.ts';
export { type Divergence, Tracer } from './tracer.ts';
