// Go's base64.StdEncoding.Decode verdict on a string, which is how a []byte field (a Secret's
// data, a ConfigMap's binaryData, a webhook's caBundle) decodes from JSON: `illegal base64 data
// at input byte 4`, counting as Go counts (newlines skipped, padding required).

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isNewline = (c: string | undefined) => c === '\n' || c === '\r';

/** The byte offset Go reports for malformed input, or undefined when it decodes. */
export function base64ErrorOffset(s: string): number | undefined {
  // Go works on bytes: a non-ASCII character is several bytes, each illegal.
  const src = [...new TextEncoder().encode(s)].map((b) => String.fromCharCode(b));
  let si = 0;
  while (si < src.length) {
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        // A quantum cut short: the padding is missing.
        return si - j;
      }
      const c = src[si++]!;
      if (ALPHABET.includes(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== '=') return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

export const base64Error = (s: string): string | undefined => {
  const at = base64ErrorOffset(s);
  return at === undefined ? undefined : `illegal base64 data at input byte ${at}`;
};
