// client-go's EventRecorder and EventCorrelator (tools/record) with their defaults, as plain
// data. An event becomes a core/v1 Event named `<object>.<hex nanoseconds>`; the same event again
// (same source, object, type, reason and message) is a patch of the first one's count and
// lastTimestamp; the 10th distinct message for one source, object, type and reason within
// 10 minutes becomes one event "(combined from similar events): …", itself counted from then on;
// and each source may send 25 events about one object at once, then one per 5 minutes (the rest
// are dropped). The caches are LRUs of 4096 entries, as client-go's.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { type TokenBucket, tokenBucket, tryAccept } from './token-bucket.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../protocols/kube/time.ts';

const LRU_SIZE = 4096;
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600_000;
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

export type EventType = 'Normal' | 'Warning';

/** A core/v1 Event as this recorder writes it. */
export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component: string; host?: string };
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
  /** Absent on an aggregate event, as client-go leaves them empty there. */
  reportingComponent?: string;
  reportingInstance?: string;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string;
}

export interface CorrelatorState {
  aggregates: Record<string, { localKeys: string[]; lastAt: number }>;
  logs: Record<string, EventLog>;
  spam: Record<string, TokenBucket>;
  /** Keeps names unique when two events fall on one virtual instant. */
  seq: number;
}

export const correlatorState = (): CorrelatorState => ({ aggregates: {}, logs: {}, spam: {}, seq: 0 });

export type Correlated =
  | { readonly type: 'create'; readonly event: CoreEvent }
  /** A strategic merge patch of count, lastTimestamp and message onto the event already stored. */
  | { readonly type: 'patch'; readonly event: CoreEvent; readonly patch: string }
  | { readonly type: 'skip'; readonly why: 'spam' | 'invalid type' };

/** Insert or refresh `key`, evicting the least recently used entry beyond the size. */
function lruPut<T>(rec: Record<string, T>, key: string, value: T): void {
  delete rec[key];
  rec[key] = value;
  const keys = Object.keys(rec);
  if (keys.length > LRU_SIZE) delete rec[keys[0]!];
}

function lruGet<T>(rec: Record<string, T>, key: string): T | undefined {
  const v = rec[key];
  if (v !== undefined) lruPut(rec, key, v);
  return v;
}

const src = (e: CoreEvent) => [e.source.component, e.source.host ?? ''];
const obj = (e: CoreEvent) => [e.involvedObject.kind, e.involvedObject.namespace, e.involvedObject.name];
const NUL = '';
const eventKey = (e: CoreEvent) => [...src(e), ...obj(e), e.involvedObject.fieldPath, e.involvedObject.uid, e.involvedObject.apiVersion, e.type, e.reason, e.message].map((x) => x ?? '').join(NUL);
const spamKey = (e: CoreEvent) => [...src(e), ...obj(e), e.involvedObject.uid, e.involvedObject.apiVersion].map((x) => x ?? '').join(NUL);
const aggregateKey = (e: CoreEvent) =>
  [...src(e), ...obj(e), e.involvedObject.uid, e.involvedObject.apiVersion, e.type, e.reason, e.reportingComponent, e.reportingInstance].map((x) => x ?? '').join(NUL);

function eventName(s: CorrelatorState, objectName: string, wallMs: number): string {
  const nanos = BigInt(Math.floor(wallMs)) * 1_000_000n + BigInt(s.seq++ % 1_000_000);
  return `${objectName}.${nanos.toString(16)}`;
}

/**
 * Records an event about `ref` at virtual time `now`: what to write, if anything. `epochMs` is
 * where virtual time 0 falls on the calendar.
 */
export function correlate(
  s: CorrelatorState,
  source: EventSource,
  now: number,
  ref: ObjectReference,
  type: string,
  reason: string,
  message: string,
  epochMs = DEFAULT_EPOCH_MS,
): Correlated {
  // client-go logs and drops an event of any other type.
  if (type !== 'Normal' && type !== 'Warning') return { type: 'skip', why: 'invalid type' };
  const wall = epochMs + now;
  const t = rfc3339(wall);
  let event: CoreEvent = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(s, ref.name ?? '', wall), namespace: ref.namespace || 'default' },
    involvedObject: ref,
    reason,
    message,
    source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
    firstTimestamp: t,
    lastTimestamp: t,
    count: 1,
    type,
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };

  // Aggregation: similar events (differing only in message) beyond the 10th become one.
  const aKey = aggregateKey(event);
  let rec = lruGet(s.aggregates, aKey);
  if (rec === undefined || now - rec.lastAt > AGGREGATE_INTERVAL_MS) rec = { localKeys: [], lastAt: now };
  if (!rec.localKeys.includes(message)) rec.localKeys.push(message);
  rec.lastAt = now;
  lruPut(s.aggregates, aKey, rec);
  let key = eventKey(event);
  if (rec.localKeys.length >= AGGREGATE_MAX_EVENTS) {
    // client-go drops an arbitrary one to stay at the bound; the oldest here, to be deterministic.
    rec.localKeys.shift();
    // A fresh event, with only the fields client-go's aggregate copy carries.
    const { reportingComponent: _c, reportingInstance: _i, ...rest } = event;
    event = {
      ...rest,
      metadata: { name: eventName(s, ref.name ?? '', wall), namespace: event.metadata.namespace! },
      message: `(combined from similar events): ${message}`,
    } as CoreEvent;
    key = aKey;
  }

  // Counting: the same event again patches the first one.
  const last = lruGet(s.logs, key);
  let patch: string | undefined;
  if (last !== undefined && last.count > 0) {
    event = { ...event, metadata: { ...event.metadata, name: last.name, resourceVersion: last.resourceVersion }, firstTimestamp: last.firstTimestamp, count: last.count + 1 };
    // What strategicpatch.CreateTwoWayMergePatch gives for these three fields, keys sorted.
    patch = JSON.stringify({ count: event.count, lastTimestamp: event.lastTimestamp, message: event.message });
  }
  lruPut(s.logs, key, { count: event.count, firstTimestamp: event.firstTimestamp, name: event.metadata.name!, resourceVersion: event.metadata.resourceVersion ?? '' });

  // The spam filter sees the event after correlation, as client-go's EventCorrelate.
  const sKey = spamKey(event);
  const bucket = lruGet(s.spam, sKey) ?? tokenBucket(SPAM_QPS, SPAM_BURST, now);
  const allowed = tryAccept(bucket, now);
  lruPut(s.spam, sKey, bucket);
  if (!allowed) return { type: 'skip', why: 'spam' };
  return patch === undefined ? { type: 'create', event } : { type: 'patch', event, patch };
}

/** After a write succeeded: remember the server's copy (its name and resourceVersion), as UpdateState. */
export function updateState(s: CorrelatorState, stored: CoreEvent): void {
  lruPut(s.logs, eventKey(stored), { count: stored.count, firstTimestamp: stored.firstTimestamp, name: stored.metadata.name!, resourceVersion: stored.metadata.resourceVersion ?? '' });
}

/** The reference to an object that events name as involvedObject. */
export function referenceTo(o: KubeObject, fieldPath?: string): ObjectReference {
  return {
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    ...(o.metadata.name ? { name: o.metadata.name } : {}),
    ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
    apiVersion: o.apiVersion,
    ...(o.metadata.resourceVersion ? { resourceVersion: o.metadata.resourceVersion } : {}),
    ...(fieldPath ? { fieldPath } : {}),
  };
}
