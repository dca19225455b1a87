// Create bodies that decoded clean — no type error, no unknown field, nothing dropped — remembered
// as copies. The pods a ReplicaSet makes carry the same body (a generateName, the template), one
// client's objects differ by their names, and decoding reads a name only to check it is a string:
// a body that is a clean one but for metadata.name (a string in both, or absent from both)
// decodes to itself too. Comparing with a copy (strategies/same-json.ts) stops at the first
// difference; the decode walk visits every value and looks up every field's type.

import { isPlainObject, RecentCopies, sameFields, sameJson, snapshot } from '../strategies/same-json.ts';

/** The copies kept per root type. */
const MAX_ENTRIES = 8;

type Obj = Record<string, unknown>;

const remembered = new Map<string, RecentCopies<Obj>>();

function copiesFor(root: string): RecentCopies<Obj> {
  let copies = remembered.get(root);
  if (copies === undefined) remembered.set(root, (copies = new RecentCopies(MAX_ENTRIES)));
  return copies;
}

const matches = (copy: Obj, body: unknown): boolean => sameButName(body, copy);

/** Whether `body` is `copy` but for metadata.name, which both have as a string or neither has. */
export function sameButName(body: unknown, copy: Obj): boolean {
  if (!isPlainObject(body) || !sameFields(body, copy, 'metadata')) return false;
  const meta = body.metadata;
  const copyMeta = copy.metadata;
  if (!isPlainObject(copyMeta)) return sameJson(meta, copyMeta);
  if (!isPlainObject(meta) || !sameFields(meta, copyMeta, 'name')) return false;
  return Object.hasOwn(meta, 'name') ? typeof meta.name === 'string' && typeof copyMeta.name === 'string' : !Object.hasOwn(copyMeta, 'name');
}

/** Whether a body like `body` decoded clean into the type `root` before. */
export function knownClean(root: string, body: unknown): boolean {
  return copiesFor(root).find(matches, body, undefined) !== undefined;
}

/** Remembers `body`, which decoded clean into `root`, unless copies have long stopped paying. */
export function rememberClean(root: string, body: unknown): void {
  const copies = copiesFor(root);
  if (!copies.worthCopying()) return;
  const copy = snapshot(body);
  if (isPlainObject(copy)) copies.add(copy);
}
