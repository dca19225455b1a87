// resource.Quantity of k8s.io/apimachinery: the numbers of resource requests, limits, capacities
// and quotas ("500m", "1Gi", "1e3"). The scheduler, the kubelet, LimitRanger and ResourceQuota all
// compare and add them, and users read them back, so parsing, the canonical printed form and the
// rounding are Kubernetes' own:
//  - a value is exact down to the nano (10^-9); anything finer is rounded up, away from zero, so
//    a request for "some" of a resource never becomes none;
//  - the format (decimal SI, binary SI, decimal exponent) comes from the suffix and decides how
//    the value prints: "1Gi" stays "1Gi", "1024Mi" prints "1Gi", "1000m" prints "1";
//  - binary values above 2^63-1 are capped there, as Kubernetes caps them;
//  - a parsed string Kubernetes deems already canonical is printed back as written (its parser
//    keeps the text on its fast path), so "+1" and "1E3" echo unchanged while "1000" prints "1k".
// Values are plain data: a bigint count of nanos and the format, so sums never lose precision.
//
// One deliberate difference: past "E" (10^18) decimal SI has no suffix and Go prints the bare
// mantissa ("1000E" would print "1", a different value); here the mantissa grows before "E".

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value times 10^9, exact. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  /** The text as parsed, where Kubernetes prints it back unchanged; results of arithmetic have none. */
  readonly text?: string;
}

/** The messages of apimachinery's ErrFormatWrong, ErrNumeric and ErrSuffix. */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

const NANO = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
/** Decimal exponents past this would build numbers of that many digits; Kubernetes has no such bound. */
const MAX_DECIMAL_EXPONENT = 4096;

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const SUFFIX_CHARS = 'eEinumkKMGTP';

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const pow10 = (n: number): bigint => 10n ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** n / d for d > 0, rounded away from zero. */
function divideUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n < 0n ? q - 1n : q + 1n;
}

interface Scanned {
  readonly negative: boolean;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** The scanner of parseQuantityString: sign, integer digits, fraction digits, suffix. */
function scan(s: string): Scanned {
  let pos = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    pos++;
  }
  while (s[pos] === '0') pos++;
  let start = pos;
  while (isDigit(s[pos])) pos++;
  const num = s.slice(start, pos) || '0';
  let denom = '';
  if (s[pos] === '.') {
    start = ++pos;
    while (isDigit(s[pos])) pos++;
    denom = s.slice(start, pos);
  }
  const suffixStart = pos;
  while (pos < s.length && SUFFIX_CHARS.includes(s[pos]!)) pos++;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  while (isDigit(s[pos])) pos++;
  if (pos < s.length) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  return { negative, num, denom, suffix: s.slice(suffixStart) };
}

interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

function interpret(suffix: string): Suffix {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) <= 2 ** 31 - 1) return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityError(QUANTITY_SUFFIX_ERROR);
}

/** resource.ParseQuantity: throws a QuantityError with Kubernetes' message on a malformed string. */
export function parseQuantity(s: string): Quantity {
  if (s.length === 0) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const { negative, num, denom, suffix } = scan(s);
  const { base, exponent, format: suffixFormat } = interpret(suffix);
  let format = suffixFormat;
  const digits = BigInt(num + denom);
  let magnitude: bigint;
  if (base === 10) {
    const shift = exponent - denom.length + 9;
    if (shift > MAX_DECIMAL_EXPONENT) throw new QuantityError(QUANTITY_SUFFIX_ERROR);
    // Beyond 40 places below the nano any non-zero value rounds up to one nano.
    magnitude = shift >= 0 ? digits * pow10(shift) : shift < -40 ? (digits === 0n ? 0n : 1n) : divideUp(digits, pow10(-shift));
  } else {
    magnitude = divideUp(digits * (1n << BigInt(exponent)) * NANO, pow10(denom.length));
    if (magnitude > MAX_INT64 * NANO) magnitude = MAX_INT64 * NANO;
    if (magnitude > 0n && magnitude < NANO) format = 'DecimalSI';
  }
  const nanos = negative ? -magnitude : magnitude;
  return keepsText(num, denom, base, exponent, nanos) ? { nanos, format, text: s } : { nanos, format };
}

const MAX_INT64_DIGITS = 18;

/**
 * Whether ParseQuantity's int64 fast path applies and finds the text canonical: decimal values
 * of at most 18 digits, no finer than nanos, at a multiple-of-3 exponent, neither ending in "000"
 * nor starting with 0; binary values of an integer times a suffix, not a multiple of 8.
 */
function keepsText(num: string, denom: string, base: 2 | 10, exponent: number, nanos: bigint): boolean {
  const digits = num + denom;
  if (base === 10) {
    const scale = exponent - denom.length;
    if (MAX_INT64_DIGITS - digits.length < 0 || scale < -9) return false;
    return scale % 3 === 0 && !digits.endsWith('000') && digits[0] !== '0';
  }
  if (denom.length > 0) return false;
  const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  if (precision < 0 || abs(nanos) >= MAX_INT64 * NANO) return false;
  return (BigInt(num) & 7n) !== 0n;
}

/** parseQuantity without the throw: undefined for a malformed string. */
export function tryParseQuantity(s: string): Quantity | undefined {
  try {
    return parseQuantity(s);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** Quantity.String(): what every API response prints; the kept text, else the canonical form. */
export const formatQuantity = (q: Quantity): string => q.text ?? canonicalForm(q);

/** CanonicalizeBytes: the canonical form, whatever text the quantity was parsed from. */
export function canonicalForm(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI' && (abs(q.nanos) < 1024n * NANO || q.nanos % NANO !== 0n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let value = q.nanos / NANO;
    let power = 0;
    while (power < 6 && value % 1024n === 0n) {
      value /= 1024n;
      power++;
    }
    return `${value}${BINARY_BY_POWER[power]}`;
  }
  let mantissa = q.nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // Past "E" decimal SI has no suffix: the mantissa grows instead.
  if (exponent > 18) return `${mantissa * pow10(exponent - 18)}E`;
  return `${mantissa}${DECIMAL_BY_EXPONENT.get(exponent)}`;
}

/** A quantity string as the apiserver stores and echoes it ("1000m" gives "1"); throws as parseQuantity. */
export const normalizeQuantity = (s: string): string => formatQuantity(parseQuantity(s));

export const quantityFromNanos = (nanos: bigint, format: QuantityFormat = 'DecimalSI'): Quantity => ({ nanos, format });
/** resource.NewMilliQuantity. */
export const milliQuantity = (milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity => ({ nanos: BigInt(milli) * 1_000_000n, format });
/** resource.NewQuantity. */
export const wholeQuantity = (value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity => ({ nanos: BigInt(value) * NANO, format });
export const ZERO_QUANTITY: Quantity = { nanos: 0n, format: 'DecimalSI' };

/** Quantity.Add: the sum, in the first operand's format. */
export const addQuantities = (a: Quantity, b: Quantity): Quantity => ({ nanos: a.nanos + b.nanos, format: a.format });
/** Quantity.Sub: the difference, in the first operand's format. */
export const subQuantities = (a: Quantity, b: Quantity): Quantity => ({ nanos: a.nanos - b.nanos, format: a.format });
export const negateQuantity = (q: Quantity): Quantity => ({ nanos: -q.nanos, format: q.format });

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

export const quantitySign = (q: Quantity): -1 | 0 | 1 => (q.nanos < 0n ? -1 : q.nanos > 0n ? 1 : 0);
export const isZeroQuantity = (q: Quantity): boolean => q.nanos === 0n;

/** Quantity.MilliValue: thousandths, rounded away from zero. */
export const milliValue = (q: Quantity): number => Number(divideUp(q.nanos, 1_000_000n));
/** Quantity.Value: units, rounded away from zero ("1.5" gives 2, "100m" gives 1). */
export const quantityValue = (q: Quantity): number => Number(divideUp(q.nanos, NANO));
