// Object uids: RFC 4122 version-4 UUIDs, as Kubernetes makes them, drawn from the actor's seeded
// stream so that a seed replays the same uids.

const HEX = '0123456789abcdef';

/** `pick(n)` returns an integer in [0, n). */
export function newUid(pick: (n: number) => number): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    let nibble = pick(16);
    if (i === 12) nibble = 4;
    if (i === 16) nibble = 8 | (nibble & 3);
    out += HEX[nibble];
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-';
  }
  return out;
}
