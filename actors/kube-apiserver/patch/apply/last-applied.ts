// Moving from client-side to server-side `kubectl apply`: while an object still carries kubectl's
// last-applied-configuration annotation, an apply by the `kubectl` manager may take over the
// fields that annotation says kubectl last applied (and that nobody changed since) without a
// conflict, and the annotation keeps being rewritten so a later client-side apply still works.

import { compare } from './compare.ts';
import { type FieldSet, difference } from './field-set.ts';
import { type Json, goJson, isObject } from './path-element.ts';
import type { ApplySchema } from './schema.ts';
import { toFieldSet } from './to-field-set.ts';
import type { Conflict } from './updater.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The one manager name this applies to, as Kubernetes hard-codes it. */
export const KUBECTL = 'kubectl';

type JsonObject = { readonly [key: string]: Json };

const annotationsOf = (o: Json | undefined): JsonObject | undefined => {
  const meta = isObject(o) ? o['metadata'] : undefined;
  const a = isObject(meta) ? meta['annotations'] : undefined;
  return isObject(a) ? a : undefined;
};

const lastAppliedOf = (o: Json | undefined): string | undefined => {
  const v = annotationsOf(o)?.[LAST_APPLIED];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

/** The fields kubectl may take without a conflict: those it last applied, unchanged since. Undefined: none. */
export function allowedConflicts(live: Json | undefined, apiVersion: string, schema: ApplySchema): FieldSet | undefined {
  const text = lastAppliedOf(live);
  if (text === undefined || live === undefined) return undefined;
  let last: Json;
  try {
    last = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  if (!isObject(last) || last['apiVersion'] !== apiVersion) return undefined;
  const set = toFieldSet(last, schema, false);
  if (!set.ok) return undefined;
  const changed = compare(last, live, schema);
  return difference(difference(difference(set.set, changed.modified), changed.added), changed.removed);
}

/** The conflicts left once the allowed fields are taken out; managers left with none drop out. */
export function remainingConflicts(conflicts: readonly Conflict[], allowed: FieldSet): Conflict[] {
  return conflicts.map((c) => ({ manager: c.manager, set: difference(c.set, allowed) })).filter((c) => c.set.length > 0);
}

/**
 * The object with its annotation rewritten to the configuration just applied, when it had one:
 * the configuration without the annotation, as JSON the way Go's encoder writes it (newline included).
 */
export function refreshLastApplied(object: JsonObject, config: JsonObject): JsonObject {
  if (lastAppliedOf(object) === undefined) return object;
  const configMeta = isObject(config['metadata']) ? config['metadata'] : {};
  const configAnnotations = annotationsOf(config);
  let recorded: JsonObject = config;
  if (configAnnotations !== undefined) {
    const { [LAST_APPLIED]: _drop, ...rest } = configAnnotations;
    recorded = { ...config, metadata: { ...configMeta, annotations: rest } };
  }
  const meta = object['metadata'] as JsonObject;
  return { ...object, metadata: { ...meta, annotations: { ...annotationsOf(object), [LAST_APPLIED]: `${goJson(recorded)}\n` } } };
}
