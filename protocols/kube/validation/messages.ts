// The message builders apimachinery's validators share (k8s.io/apimachinery/pkg/util/validation),
// and the few Go formatting rules a message needs to come out byte for byte as Kubernetes prints it
// (Go's %q is goQuote, in ../field-errors.ts with the field errors that use it).

export const maxLenError = (length: number): string => `must be no more than ${length} characters`;

export const emptyError = (): string => 'must be non-empty';

export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

/** The doubled space before each " or " is Kubernetes' own: each example already ends in ", ". */
export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

/**
 * Go measures strings in UTF-8 bytes (`len(s)`), so a 63-character limit admits fewer non-ASCII
 * characters; counting UTF-16 units would accept names the real apiserver rejects.
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
