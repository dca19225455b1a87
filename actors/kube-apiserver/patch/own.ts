// Patches are user input: a member named `__proto__` must stay an ordinary member (as JSON.parse
// makes it) rather than reach an object's prototype through plain assignment.

export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}
