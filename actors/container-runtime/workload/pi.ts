// Perl's `bpi(N)` (the Jobs docs' example, `perl -Mbignum=bpi -wle 'print bpi(2000)'`): pi to N
// significant digits, computed for real (Machin's formula in BigInt) so the Job's log is right.

function arctanInverse(x: bigint, scale: bigint): bigint {
  let term = scale / x;
  let sum = term;
  const x2 = x * x;
  for (let n = 1n; term !== 0n; n++) {
    term /= x2;
    sum += (n % 2n === 1n ? -term : term) / (2n * n + 1n);
  }
  return sum;
}

/** '3.14159…' with `digits` significant digits, the last one rounded. */
export function piDigits(digits: number): string {
  const n = Math.max(1, Math.min(Math.floor(digits), 100_000));
  const guard = 10n;
  const scale = 10n ** BigInt(n - 1 + Number(guard));
  const pi = 16n * arctanInverse(5n, scale) - 4n * arctanInverse(239n, scale);
  const rounded = (pi / 10n ** (guard - 1n) + 5n) / 10n;
  const text = rounded.toString();
  return text.length === 1 ? text : `${text[0]}.${text.slice(1)}`;
}

/** How long bpi(N) takes in perl: a few seconds for 2000 digits, growing with the square of N. */
export const piMs = (digits: number): number => Math.max(50, 5000 * (digits / 2000) ** 2);
