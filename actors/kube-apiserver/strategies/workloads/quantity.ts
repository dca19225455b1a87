// resource.Quantity (k8s.io/apimachinery/pkg/api/resource) as far as the workload kinds need it:
// parsing what manifests write ("500m", "1.5Gi", 2, "1e3"), comparing, and printing the canonical
// form Kubernetes puts in its messages ("must be less than or equal to cpu limit of 500m").
// Values are kept in nano-units (Kubernetes rounds anything finer up to 1n) as a bigint, so
// exabyte memory and millicores compare exactly.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

export type ParsedQuantity = { readonly ok: true; readonly value: Quantity } | { readonly ok: false; readonly error: string };

/** resource.ErrFormatWrong: what the apiserver answers when a manifest's quantity does not parse. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_ERROR = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_BY_EXP = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const NANO = 10n ** 9n;
const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** resource.ParseQuantity; a JSON number is read as its decimal text, as Quantity's UnmarshalJSON does. */
export function parseQuantity(input: unknown): ParsedQuantity {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string' || text.length === 0) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (m === null) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  const [, sign, whole = '', frac = '', suffix = ''] = m;
  if (whole.length + frac.length === 0) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  let exp10 = 0;
  let pow1024 = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) exp10 = DECIMAL_SUFFIXES[suffix]!;
  else if (Object.hasOwn(BINARY_SUFFIXES, suffix)) {
    pow1024 = BINARY_SUFFIXES[suffix]!;
    format = 'BinarySI';
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    exp10 = Number(suffix.slice(1));
    format = 'DecimalExponent';
    if (Math.abs(exp10) > 1000) return { ok: false, error: QUANTITY_FORMAT_ERROR };
  } else return { ok: false, error: SUFFIX_ERROR };
  const mantissa = BigInt(`${whole}${frac}` || '0') * 1024n ** BigInt(pow1024);
  const shift = exp10 - frac.length + 9;
  let nanos: bigint;
  if (shift >= 0) nanos = mantissa * pow10(shift);
  else {
    const d = pow10(-shift);
    nanos = mantissa / d + (mantissa % d === 0n ? 0n : 1n);
  }
  return { ok: true, value: { nanos: sign === '-' ? -nanos : nanos, format } };
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export const isIntegerQuantity = (q: Quantity): boolean => q.nanos % NANO === 0n;

/**
 * Quantity.String(): the canonical form. Decimal values get the largest SI suffix that keeps the
 * mantissa whole ("0.5" is "500m", "2000" is "2k"); binary ones stay binary only when whole and
 * at least 1024 ("1536Mi"), else they print as decimal.
 */
export function quantityString(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const sign = q.nanos < 0n ? '-' : '';
  const abs = q.nanos < 0n ? -q.nanos : q.nanos;
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${BINARY_BY_POWER[k]}`;
  }
  let v = abs;
  let e = -9;
  while (v % 1000n === 0n && e < 18) {
    v /= 1000n;
    e += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${v}${e === 0 ? '' : `e${e}`}`;
  return `${sign}${v}${DECIMAL_BY_EXP.get(e)}`;
}

/** Quantity.RoundUp(-3): away from zero to a whole milli-unit (SetDefaults_ResourceList). */
export function roundUpToMilli(q: Quantity): Quantity {
  const milli = 1000000n;
  const r = q.nanos % milli;
  if (r === 0n) return q;
  return { ...q, nanos: q.nanos - r + (q.nanos > 0n ? milli : -milli) };
}
