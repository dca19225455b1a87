// Pod specs that validated without error, remembered as copies. The pods of one template differ
// only by the name the ServiceAccount plugin gives their token volume (kube-api-access-<random>),
// so no two specs are the same. But validation reads a volume's name only to check that it is a
// unique DNS label and that mounts name a volume: a spec that is a clean one with its volumes
// renamed one-to-one, in the volumes and in the mounts, with names that pass those checks, is
// clean too. Everything else must have the JSON text of the copy (see same-json.ts).

import { isDNS1123Label } from '../../../../protocols/kube/validation/index.ts';
import { isPlainObject, keysOf, RecentCopies, sameFields, sameJson, snapshotSharing } from '../same-json.ts';
import type { J } from './json.ts';

const MAX_ENTRIES = 8;

type Obj = Record<string, unknown>;

const CONTAINER_LISTS: ReadonlySet<string> = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Each volume name of `spec` to the name of the copy's volume at its index; undefined when they do not pair up one-to-one with valid names. */
function renaming(spec: Obj, copy: Obj): Map<unknown, unknown> | undefined {
  const to = new Map<unknown, unknown>();
  const volumes = spec.volumes;
  const copies = copy.volumes;
  if (!Array.isArray(volumes) || !Array.isArray(copies)) return Array.isArray(volumes) === Array.isArray(copies) ? to : undefined;
  if (volumes.length !== copies.length) return undefined;
  for (let i = 0; i < volumes.length; i++) {
    const v: unknown = volumes[i];
    const c: unknown = copies[i];
    const name = isPlainObject(v) ? v.name : undefined;
    if (typeof name !== 'string' || to.has(name) || isDNS1123Label(name).length > 0 || !isPlainObject(c)) return undefined;
    to.set(name, c.name);
  }
  return to;
}

/** sameJson for two lists of plain objects, each pair compared by `same`. */
function sameList(v: unknown, copy: unknown, same: (a: Obj, b: Obj) => boolean): boolean {
  if (!Array.isArray(v) || !Array.isArray(copy)) return sameJson(v, copy);
  if (v.length !== copy.length) return false;
  for (let i = 0; i < v.length; i++) {
    const c: unknown = copy[i];
    if (!(i in v) || !isPlainObject(v[i]) || !isPlainObject(c) || !same(v[i], c)) return false;
  }
  return true;
}

function sameContainer(c: Obj, copy: Obj, to: Map<unknown, unknown>): boolean {
  const b = keysOf(copy);
  let i = 0;
  // c is a plain object (sameList): for-in reads its own keys in order, building no array.
  for (const k in c) {
    if (k !== b[i]) return false;
    const same = k === 'volumeMounts' ? sameList(c[k], copy[k], (m, cm) => to.get(m.name) === cm.name && m.name !== undefined && sameFields(m, cm, 'name')) : sameJson(c[k], copy[k]);
    if (!same) return false;
    i++;
  }
  return i === b.length;
}

/** Whether `spec` is `copy` (any snapshot) with its volumes renamed (one-to-one when the copy's names are unique, as a clean spec's are; see above). */
export function renamedSpec(spec: unknown, copy: Obj): boolean {
  if (!isPlainObject(spec)) return false;
  const to = renaming(spec, copy);
  if (to === undefined) return false;
  const b = keysOf(copy);
  let i = 0;
  for (const k in spec) {
    if (k !== b[i]) return false;
    let same: boolean;
    if (k === 'volumes') same = sameList(spec[k], copy[k], (v, cv) => sameFields(v, cv, 'name'));
    else if (CONTAINER_LISTS.has(k)) same = sameList(spec[k], copy[k], (c, cc) => sameContainer(c, cc, to));
    else same = sameJson(spec[k], copy[k]);
    if (!same) return false;
    i++;
  }
  return i === b.length;
}

interface Entry {
  readonly at: string;
  readonly spec: Obj;
}

const matches = (e: Entry, spec: J, at: string): boolean => e.at === at && renamedSpec(spec, e.spec);

/** Clean pod specs by where they were validated (errors name paths, so a verdict holds at one path only). */
export class CleanSpecs {
  private readonly entries = new RecentCopies<Entry>(MAX_ENTRIES);

  /** Whether a spec `spec` is a renaming of validated clean at `at` before. */
  known(spec: J, at: string): boolean {
    return this.entries.find(matches, spec, at) !== undefined;
  }

  /** Remembers `spec`, which validated clean at `at`, unless copies have long stopped paying. */
  clean(spec: J, at: string): void {
    if (!this.entries.worthCopying()) return;
    // The token volume's projection, shared by every pod, is kept as it is: known by its identity.
    const copy = snapshotSharing(spec);
    if (isPlainObject(copy)) this.entries.add({ at, spec: copy });
  }
}
