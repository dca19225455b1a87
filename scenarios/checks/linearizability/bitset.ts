// The set of linearized operations: a bitset with an incrementally kept 64-bit Zobrist hash
// (two 32-bit halves), so that a memoization key costs O(1) to form. The per-bit hash words come
// from a fixed-seed generator: deterministic, no ambient randomness. Equality is always checked
// exactly, so a hash collision never changes a verdict.

/** splitmix32: a small, well-mixed deterministic generator. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

let zobristHi = new Uint32Array(0);
let zobristLo = new Uint32Array(0);

function ensureZobrist(bits: number): void {
  if (zobristHi.length >= bits) return;
  const size = Math.max(bits, zobristHi.length * 2, 64);
  // Regenerated from the same seed each time, so bit i always has the same words.
  const next = splitmix32(0x6b796221);
  const hi = new Uint32Array(size);
  const lo = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    hi[i] = next();
    lo[i] = next();
  }
  zobristHi = hi;
  zobristLo = lo;
}

export class Bitset {
  readonly words: Uint32Array;
  hashHi = 0;
  hashLo = 0;

  constructor(bits: number) {
    this.words = new Uint32Array(Math.ceil(bits / 32));
    ensureZobrist(bits);
  }

  has(i: number): boolean {
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  set(i: number): void {
    if (this.has(i)) return;
    this.words[i >>> 5]! |= 1 << (i & 31);
    this.hashHi = (this.hashHi ^ zobristHi[i]!) >>> 0;
    this.hashLo = (this.hashLo ^ zobristLo[i]!) >>> 0;
  }

  clear(i: number): void {
    if (!this.has(i)) return;
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    this.hashHi = (this.hashHi ^ zobristHi[i]!) >>> 0;
    this.hashLo = (this.hashLo ^ zobristLo[i]!) >>> 0;
  }

  snapshot(): Uint32Array {
    return this.words.slice();
  }

  equals(words: Uint32Array): boolean {
    const w = this.words;
    if (w.length !== words.length) return false;
    for (let i = 0; i < w.length; i++) if (w[i] !== words[i]) return false;
    return true;
  }
}
