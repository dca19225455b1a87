// Secrets are encrypted at rest; they should not sit in plain sight in a trace either. These
// replace a Secret's data and stringData values (keys kept, so a trace still shows which keys
// changed) wherever a Secret appears in a message: a body, a list's items, a watch event.

export const REDACTED = 'REDACTED';

const isSecret = (o: Record<string, unknown>): boolean => o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);

function redactMap(m: unknown): unknown {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return m;
  return Object.fromEntries(Object.keys(m).map((k) => [k, REDACTED]));
}

/** A copy of `value` with every Secret in it redacted; other values are returned as they are (not copied). */
export function redactSecrets<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const out = v.map(walk);
      return out.some((x, i) => x !== v[i]) ? out : v;
    }
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (isSecret(o)) {
      const copy: Record<string, unknown> = { ...o };
      if ('data' in o) copy.data = redactMap(o.data);
      if ('stringData' in o) copy.stringData = redactMap(o.stringData);
      return copy;
    }
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      const y = walk(x);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return changed ? out : v;
  };
  return walk(value) as T;
}
