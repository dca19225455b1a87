// Go's `%v` of decoded JSON (map[string]interface{}, []interface{}, string, int64, float64, bool,
// nil), which Kubernetes puts into some patch error messages: `map: map[image:nginx] does not
// contain declared merge key: name`, and the `patch: Invalid value: "map[spec:map[replica:3]]"`
// of a strict strategic merge patch.

/** Go's strconv.FormatFloat(f, 'g', -1, 64), as %v prints a float64. */
function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  // With the shortest digits, %v switches to an exponent below 1e-4 and from 1e6 on: 1e+06.
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const abs = Math.abs(exp);
    return `${mant}e${sign}${abs < 10 ? `0${abs}` : abs}`;
  }
  return String(n);
}

/**
 * %v of a decoded JSON value. Integral numbers print as int64 would (the decoders Kubernetes
 * uses keep integers as int64); keys of maps are sorted, as fmt sorts them.
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : goFloat(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const keys = Object.keys(v as object).sort();
  return `map[${keys.map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`).join(' ')}]`;
}

/** The Go type name a decoded JSON value has, as reflect prints it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}
