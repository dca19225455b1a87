// The syntax errors of Go's encoding/json scanner, which the apiserver returns for a patch body
// that is not JSON: `invalid character '}' looking for beginning of object key string`,
// `unexpected end of JSON input`. JSON.parse accepts the same language but words its errors
// differently, so bodies are checked here first.

import { goQuote } from '../../../protocols/kube/field-errors.ts';

class SyntaxFailure extends Error {}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const ESCAPES = new Set(['b', 'f', 'n', 'r', 't', '\\', '/', '"']);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string) => /^[0-9a-fA-F]$/.test(c);

/** Go's quoteChar: the byte the scanner stopped at, as a quoted rune. */
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  // Go looks at bytes: a multi-byte character is reported by its first byte, read as a rune.
  const first = new TextEncoder().encode(ch)[0]!;
  const q = goQuote(String.fromCharCode(first));
  return `'${q.slice(1, -1)}'`;
}

/** The scanner's error for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  let i = 0;
  const eof = (): never => {
    throw new SyntaxFailure('unexpected end of JSON input');
  };
  const bad = (context: string): never => {
    throw new SyntaxFailure(`invalid character ${quoteChar(String.fromCodePoint(text.codePointAt(i)!))} ${context}`);
  };
  const skip = () => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i >= text.length) eof();
  };
  const str = () => {
    i++;
    for (;;) {
      if (i >= text.length) eof();
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        if (i >= text.length) eof();
        if (text[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= text.length) eof();
            if (!isHex(text[i]!)) bad('in \\u hexadecimal character escape');
          }
        } else if (!ESCAPES.has(text[i]!)) bad('in string escape code');
        i++;
      } else if (c < ' ') bad('in string literal');
      else i++;
    }
  };
  const digits = () => {
    while (isDigit(text[i])) i++;
  };
  const num = () => {
    if (text[i] === '-') {
      i++;
      if (i >= text.length) eof();
      if (!isDigit(text[i])) bad('in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      if (i >= text.length) eof();
      if (!isDigit(text[i])) bad('after decimal point in numeric literal');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= text.length) eof();
      if (!isDigit(text[i])) bad('in exponent of numeric literal');
      digits();
    }
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= text.length) eof();
      if (text[i] !== word[k]) bad(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i++;
  };
  const value = (): void => {
    skip();
    const c = text[i]!;
    if (c === '{') {
      i++;
      skip();
      if (text[i] === '}') return void i++;
      for (;;) {
        skip();
        if (text[i] !== '"') bad('looking for beginning of object key string');
        str();
        skip();
        if (text[i] !== ':') bad('after object key');
        i++;
        value();
        skip();
        if (text[i] === '}') return void i++;
        if (text[i] !== ',') bad('after object key:value pair');
        i++;
      }
    }
    if (c === '[') {
      i++;
      skip();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        skip();
        if (text[i] === ']') return void i++;
        if (text[i] !== ',') bad('after array element');
        i++;
      }
    }
    if (c === '"') return str();
    if (c === '-' || isDigit(c)) return num();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    bad('looking for beginning of value');
  };
  try {
    value();
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    if (i < text.length) bad('after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof SyntaxFailure) return e.message;
    throw e;
  }
}
