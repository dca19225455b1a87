// resource.Quantity as far as validation needs it: parse the serialized form (a number with an
// optional binary, decimal or exponent suffix) and compare. Values are exact rationals over
// BigInt (numerator scaled by 10^9), so "1Gi" vs "1073741824" and "500m" vs "0.5" compare equal.

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const SCALE = 9;
const RE = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** The quantity times 10^9, or undefined when `s` is not a quantity Kubernetes would parse. */
export function parseQuantity(s: string | number): bigint | undefined {
  const text = typeof s === 'number' ? String(s) : s;
  const m = RE.exec(text);
  if (m === null) return undefined;
  const [, sign, num, suffix = ''] = m;
  const [int = '', frac = ''] = num!.split('.');
  let exp = -frac.length;
  let value = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  let mult = 1n;
  if (suffix in BINARY) mult = BINARY[suffix]!;
  else if (suffix in DECIMAL) exp += DECIMAL[suffix]!;
  else exp += Number(suffix.slice(1));
  value *= mult;
  exp += SCALE;
  const scaled = exp >= 0 ? value * 10n ** BigInt(exp) : value / 10n ** BigInt(-exp);
  return sign === '-' ? -scaled : scaled;
}

export const isQuantity = (s: unknown): boolean => (typeof s === 'string' || typeof s === 'number') && parseQuantity(s) !== undefined;

/** -1, 0, 1; undefined quantities compare as 0 (validation reports them separately). */
export function compareQuantity(a: string | number | undefined, b: string | number | undefined): number {
  const x = a === undefined ? 0n : (parseQuantity(a) ?? 0n);
  const y = b === undefined ? 0n : (parseQuantity(b) ?? 0n);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const isIntegerQuantity = (s: string | number): boolean => (parseQuantity(s) ?? 1n) % 10n ** BigInt(SCALE) === 0n;
