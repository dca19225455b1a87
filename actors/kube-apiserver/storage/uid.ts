// Object uids: RFC 4122 version-4 UUIDs, as Kubernetes makes them, drawn from the actor's seeded
// stream so that a seed replays the same uids.

const HEX = '0123456789abcdef';
const DASH = 45;

// The text's character codes, reused: one flat string made at the end, where appending 36 times
// made a rope that each later read (the JSON encoding, the hash of a map key) flattens.
const codes: number[] = new Array(36).fill(0);

/** `pick(n)` returns an integer in [0, n). */
export function newUid(pick: (n: number) => number): string {
  let j = 0;
  for (let i = 0; i < 32; i++) {
    let nibble = pick(16);
    if (i === 12) nibble = 4;
    if (i === 16) nibble = 8 | (nibble & 3);
    codes[j++] = HEX.charCodeAt(nibble);
    if (i === 7 || i === 11 || i === 15 || i === 19) codes[j++] = DASH;
  }
  return String.fromCharCode.apply(null, codes);
}
