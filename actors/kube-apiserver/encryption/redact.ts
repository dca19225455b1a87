// Secrets are encrypted at rest; they should not sit in plain sight in a trace either. These
// replace a Secret's data and stringData values (keys kept, so a trace still shows which keys
// changed) wherever a Secret appears in a message: a body, a list's items, a watch event.

export const REDACTED = 'REDACTED';

function redactMap(m: unknown): unknown {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return m;
  return Object.fromEntries(Object.keys(m).map((k) => [k, REDACTED]));
}

function redactedSecret(o: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...o };
  if ('data' in o) copy.data = redactMap(o.data);
  if ('stringData' in o) copy.stringData = redactMap(o.stringData);
  return copy;
}

/** A copy of `value` with every Secret in it redacted; other values are returned as they are (not copied). */
export function redactSecrets<T>(value: T): T {
  return walk(value) as T;
}

// Every traced apiserver message passes here, a create's answer with its whole object: only what
// changes is copied (a Pod passes untouched), and the walk makes nothing on its way (for-in over
// the keys, not an Object.keys array per object). A Secret is known by its `kind` met among the
// keys (no lookup of a `kind` most objects lack), and only objects and arrays are visited.
function walk(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  return Array.isArray(v) ? walkArray(v) : walkObject(v as Record<string, unknown>);
}

function walkArray(v: readonly unknown[]): unknown {
  let out: unknown[] | undefined;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'object' || x === null) continue;
    const y = Array.isArray(x) ? walkArray(x) : walkObject(x as Record<string, unknown>);
    if (y !== x) (out ??= [...v])[i] = y;
  }
  return out ?? v;
}

function walkObject(o: Record<string, unknown>): unknown {
  let out: Record<string, unknown> | undefined;
  // Messages are plain data: for-in sees exactly their own keys, in Object.keys' order.
  for (const k in o) {
    const x = o[k];
    if (typeof x !== 'object' || x === null) {
      // A Secret is redacted whole, from the object itself: what was copied of it so far goes.
      if (k === 'kind' && x === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined)) return redactedSecret(o);
      continue;
    }
    const y = Array.isArray(x) ? walkArray(x) : walkObject(x as Record<string, unknown>);
    if (y !== x) (out ??= { ...o })[k] = y;
  }
  return out ?? o;
}
