// metadata.managedFields to and from the manager table the updater works on. A manager is
// identified as Kubernetes identifies it: the JSON of its entry without fields and time, and for
// Apply without apiVersion, so (manager, operation, subresource) names an applier and an updater
// is also told apart by the API version it wrote with.

import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { type FieldSet, difference, fromPaths, isEmpty, union as unionSets } from './field-set.ts';
import { type FieldsV1, fromFieldsV1, toFieldsV1 } from './fields-v1.ts';
import { isJsonRoundTrip } from '../../storage/json-copy.ts';
import { type Json, compareStrings, field, goJson } from './path-element.ts';
import type { Managers, VersionedSet } from './updater.ts';
import { goQuote } from '../../../../protocols/kube/field-errors.ts';
import { BoundedMemo } from '../../bounded-memo.ts';

export type Operation = 'Apply' | 'Update';

export interface ManagerInfo {
  readonly manager: string;
  readonly operation: Operation;
  /** Only part of an Update manager's identity. */
  readonly apiVersion?: string;
  readonly subresource?: string;
}

/** Go's json.Marshal of the entry: fields in struct order, empty ones left out. */
export function managerIdentifier(m: ManagerInfo): string {
  const parts = [`"manager":${goJson(m.manager)}`, `"operation":${goJson(m.operation)}`];
  if (m.operation === 'Update' && m.apiVersion) parts.push(`"apiVersion":${goJson(m.apiVersion)}`);
  if (m.subresource) parts.push(`"subresource":${goJson(m.subresource)}`);
  return `{${parts.join(',')}}`;
}

export function parseIdentifier(id: string): ManagerInfo {
  return JSON.parse(id) as ManagerInfo;
}

// Every write that tracks fields decodes the stored entries and encodes the new ones, though most
// writers (a kubelet's status, a lease renewal) find the entries as they left them and leave most
// of them as they were. Decoding is remembered by the entries' JSON, and each set's FieldsV1 by
// the set (sets are never changed once made): the decoded sets of one write are the very sets the
// next write decodes. Both are bounded: a full table is dropped whole.
const MEMO_MAX = 1024;
const decodedByJson = new BoundedMemo<string, Decoded>(MEMO_MAX);
let fieldsBySet = new WeakMap<FieldSet, FieldsV1>();
let fieldsMemoSize = 0;
const infoById = new BoundedMemo<string, ManagerInfo>(MEMO_MAX);

function identifierInfo(id: string): ManagerInfo {
  return infoById.get(id, parseIdentifier);
}

/** toFieldsV1 of a set, as a copy of its own (it goes into an object that is stored). */
function fieldsV1Of(set: FieldSet): FieldsV1 {
  let fields = fieldsBySet.get(set);
  if (fields === undefined) {
    if (fieldsMemoSize >= MEMO_MAX) {
      fieldsBySet = new WeakMap();
      fieldsMemoSize = 0;
    }
    fields = toFieldsV1(set);
    fieldsBySet.set(set, fields);
    fieldsMemoSize++;
  }
  return copyFields(fields);
}

function copyFields(f: FieldsV1): FieldsV1 {
  const out: { [key: string]: FieldsV1 } = {};
  // FieldsV1 keys never read `__proto__`: each starts with `f:`, `k:`, `v:`, `i:` or is `.`.
  for (const k in f) out[k] = copyFields(f[k]!);
  return out;
}

/** As conflict messages name a manager: `"kubectl"`, `"kube-controller-manager" using apps/v1`. */
export function printManager(id: string): string {
  let m: ManagerInfo;
  try {
    m = parseIdentifier(id);
  } catch {
    return goQuote(id);
  }
  let s = goQuote(m.manager ?? '');
  if (m.subresource) s = `${s} with subresource ${goQuote(m.subresource)}`;
  if (m.operation !== 'Update') return s;
  // Identifiers built here carry no time; ones given by a caller may, and then it is printed.
  const time = (m as ManagerInfo & { time?: string }).time;
  return time ? `${s} using ${m.apiVersion ?? ''} at ${time}` : `${s} using ${m.apiVersion ?? ''}`;
}

export interface ManagedState {
  readonly managers: Managers;
  /** RFC3339 times by identifier, as the entries carried them. */
  readonly times: ReadonlyMap<string, string>;
}

export const EMPTY_STATE: ManagedState = { managers: new Map(), times: new Map() };

export type Decoded = { readonly ok: true; readonly state: ManagedState } | { readonly ok: false; readonly error: string };

export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Decoded {
  if (entries === undefined || entries.length === 0) return decodeEntries(entries);
  // Only a value its JSON gives back exactly may be known by its JSON.
  if (!isJsonRoundTrip(entries)) return decodeEntries(entries);
  return decodedByJson.get(JSON.stringify(entries), () => decodeEntries(entries));
}

/** decodeManagedFields without the memo: what the memo must agree with. */
export function decodeEntries(entries: readonly ManagedFieldsEntry[] | undefined): Decoded {
  const managers = new Map<string, VersionedSet>();
  const times = new Map<string, string>();
  for (const [i, e] of (entries ?? []).entries()) {
    if (e.operation !== 'Apply' && e.operation !== 'Update') return { ok: false, error: 'operation must be `Apply` or `Update`' };
    if (!e.apiVersion) return { ok: false, error: 'apiVersion must not be empty' };
    if (!e.fieldsType) return { ok: false, error: `missing fieldsType in managed fields entry ${i}` };
    if (e.fieldsType !== 'FieldsV1') return { ok: false, error: `invalid fieldsType ${goQuote(e.fieldsType)} in managed fields entry ${i}` };
    const fields = fromFieldsV1(e.fieldsV1 as Json | undefined);
    if (!fields.ok) return { ok: false, error: `error decoding versioned set: error decoding set: ${fields.error}` };
    const id = managerIdentifier({ manager: e.manager ?? '', operation: e.operation, apiVersion: e.apiVersion, ...(e.subresource ? { subresource: e.subresource } : {}) });
    managers.set(id, { set: fields.set, apiVersion: e.apiVersion, applied: e.operation === 'Apply' });
    if (e.time) times.set(id, e.time);
    else times.delete(id);
  }
  return { ok: true, state: { managers, times } };
}

// Entries are sorted by time on every write: each comparison read both times with a regular
// expression. Remembered by the text (bounded, dropped whole when full).
const secondsByText = new BoundedMemo<string, number>(MEMO_MAX);

/** Seconds since the epoch of an RFC3339 time, without Date (simulated code keeps no clock). */
export function unixSeconds(t: string | undefined): number {
  if (typeof t !== 'string') return parsedUnixSeconds(t);
  return secondsByText.get(t, parsedUnixSeconds);
}

/** unixSeconds without the memo: what the memo must agree with. */
export function parsedUnixSeconds(t: string | undefined): number {
  const m = t && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(t);
  if (!m) return 0;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Days from civil (Howard Hinnant's algorithm).
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60);
  return days * 86400 + h * 3600 + mi * 60 + s - offset;
}

/** Entries sorted as Kubernetes sorts them: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManagedFields(state: ManagedState): ManagedFieldsEntry[] | undefined {
  if (state.managers.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [id, vs] of state.managers) {
    const info = identifierInfo(id);
    const time = state.times.get(id);
    const e: ManagedFieldsEntry = {
      manager: info.manager,
      operation: vs.applied ? 'Apply' : 'Update',
      apiVersion: vs.apiVersion,
      ...(time ? { time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: fieldsV1Of(vs.set),
      ...(info.subresource ? { subresource: info.subresource } : {}),
    };
    entries.push(e);
  }
  return entries.sort(
    (p, q) =>
      compareStrings(p.operation!, q.operation!) ||
      unixSeconds(p.time) - unixSeconds(q.time) ||
      compareStrings(p.manager!, q.manager!) ||
      compareStrings(p.apiVersion!, q.apiVersion!) ||
      compareStrings(p.subresource ?? '', q.subresource ?? ''),
  );
}

/**
 * The fields no manager owns: the type, the identity and the server-kept parts of metadata, by
 * top-level field (with the fields below it that are no one's either).
 */
export const UNOWNED: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['apiVersion', new Set<string>()],
  ['kind', new Set<string>()],
  ['metadata', new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'])],
]);

const META: FieldSet = fromPaths([...UNOWNED].flatMap(([top, inner]) => [[field(top)], ...[...inner].map((n) => [field(top), field(n)])]));

export const metaFree = (set: FieldSet): FieldSet => difference(set, META);

/** Drops the metadata fields from one manager's set; a manager left with nothing is dropped. */
export function stripMeta(managers: Managers, id: string): Managers {
  const vs = managers.get(id);
  if (!vs) return managers;
  const out = new Map(managers);
  const set = metaFree(vs.set);
  if (isEmpty(set)) out.delete(id);
  else out.set(id, { ...vs, set });
  return out;
}

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';

/** Past ten Update managers, the oldest are folded into one `ancient-changes` entry per API version. */
export function capUpdateManagers(state: ManagedState, max = MAX_UPDATE_MANAGERS): ManagedState {
  const updaters = [...state.managers].filter(([, vs]) => !vs.applied).map(([id]) => id);
  if (updaters.length <= max) return state;
  const managers = new Map(state.managers);
  const times = new Map(state.times);
  updaters.sort((a, b) => unixSeconds(state.times.get(a)) - unixSeconds(state.times.get(b)) || compareStrings(a, b));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > max; i++) {
    const id = updaters[i]!;
    const vs = managers.get(id)!;
    const bucket = managerIdentifier({ manager: ANCIENT, operation: 'Update', apiVersion: vs.apiVersion });
    const first = firstByVersion.get(vs.apiVersion);
    if (first === undefined) {
      firstByVersion.set(vs.apiVersion, id);
      continue;
    }
    if (!managers.has(bucket)) {
      managers.set(bucket, managers.get(first)!);
      managers.delete(first);
    }
    const into = managers.get(bucket)!;
    managers.set(bucket, { set: unionSets(vs.set, into.set), apiVersion: vs.apiVersion, applied: false });
    managers.delete(id);
    length--;
    const t = state.times.get(id);
    if (t) times.set(bucket, t);
    else times.delete(bucket);
  }
  return { managers, times };
}
