// Bad input is a one-line error and exit code 2, never a stack trace.

export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) throw new UsageError(`--seed: invalid value "${text}": must be a whole number from 0 to 4294967295`);
  return Number(text);
}
