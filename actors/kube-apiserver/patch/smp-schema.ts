// Where strategic merge patch finds a field's patch strategy and merge key: the field schema of
// the kind (for the field's type) and the patch metadata table (for its tags). It fails as
// apimachinery's lookup over Go structs fails: on a field the struct lacks, or on a struct
// lookup inside something that is not a struct. Arbitrary JSON has no metadata and never fails.

import { fieldTypeOf, readType } from '../schema/field-schema.ts';
import { fieldPatchMeta, patchStrategies } from '../schema/patch-meta.ts';
import { serverError } from './smp-errors.ts';

export interface SmpMeta {
  /** The type expression of the value found (for a list lookup, of its items). */
  readonly schema: string;
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

/** Go's reflect Kind name of a schema type, as the lookup's errors print it. */
function kindName(expr: string): string {
  const t = readType(expr);
  if (t.type === 'list') return 'slice';
  if (t.type === 'map') return 'map';
  if (t.type === 'object') return 'struct';
  return t.name === 'boolean' ? 'bool' : t.name === 'number' ? 'int64' : t.name === 'string' ? 'string' : 'struct';
}

export const schemaName = kindName;

export function lookupStruct(schema: string, key: string): SmpMeta {
  if (schema === 'json') return { schema: 'json', strategies: [], mergeKey: '' };
  const t = readType(schema);
  if (t.type !== 'object') throw serverError(`merging an object in json but data type is not struct, instead is: ${kindName(schema)}`);
  const field = fieldTypeOf(t.name, key);
  if (field === undefined) throw serverError(`unable to find api field in struct ${t.name.slice(t.name.lastIndexOf('.') + 1)} for the json field ${JSON.stringify(key)}`);
  const meta = fieldPatchMeta(t.name, key);
  // A field without a strategy has one empty strategy, as splitting Go's empty tag gives.
  const strategies = meta?.patchStrategy ? patchStrategies(meta) : [''];
  return { schema: field, strategies, mergeKey: meta?.patchMergeKey ?? '' };
}

export function lookupSlice(schema: string, key: string): SmpMeta {
  const found = lookupStruct(schema, key);
  if (found.schema === 'json') return found;
  const t = readType(found.schema);
  if (t.type !== 'list') throw serverError(`expected slice or array type, but got: ${kindName(schema)}`);
  if (readType(t.items).type === 'list') throw serverError('unexpected slice of slice');
  return { ...found, schema: t.items };
}

/** The retainKeys flag and the other strategy of a field (`merge,retainKeys` → true, `merge`). */
export function splitRetainKeys(strategies: readonly string[]): { retainKeys: boolean; strategy: string } {
  if (strategies.length === 0) return { retainKeys: false, strategy: '' };
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? { retainKeys: true, strategy: '' } : { retainKeys: false, strategy: strategies[0]! };
  if (strategies.length === 2 && strategies[0] === 'retainKeys') return { retainKeys: true, strategy: strategies[1]! };
  if (strategies.length === 2 && strategies[1] === 'retainKeys') return { retainKeys: true, strategy: strategies[0]! };
  throw serverError(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
