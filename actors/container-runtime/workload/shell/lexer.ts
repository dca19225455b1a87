// Splits a shell script into words and operators as a POSIX shell does. Words stay raw (quotes
// and `$` intact): expansion happens when the command runs, against the environment of that moment.

export type Token = { readonly t: 'w'; readonly v: string } | { readonly t: 'op'; readonly v: string };

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; kind: 'syntax' | 'unsupported'; message: string };

const OPERATORS = ['&&', '||', ';;', '<<', '>>', '>&', ';', '&', '|', '(', ')', '<', '>'];
const BLANK = new Set([' ', '\t', '\r']);

/** The end (exclusive) of a `$(…)` or `${…}` starting at `i` (at the `$`), or -1 when unterminated. */
function skipDollarGroup(s: string, i: number): number {
  const open = s[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') { j++; continue; }
    if (c === "'" && open === '(') {
      const end = s.indexOf("'", j + 1);
      if (end < 0) return -1;
      j = end;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return -1;
}

export function lex(script: string): LexResult {
  const tokens: Token[] = [];
  let i = 0;
  let word: string | null = null;
  const flush = () => {
    if (word !== null) tokens.push({ t: 'w', v: word });
    word = null;
  };
  while (i < script.length) {
    const c = script[i]!;
    if (BLANK.has(c)) { flush(); i++; continue; }
    if (c === '\\' && script[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') { flush(); tokens.push({ t: 'op', v: '\n' }); i++; continue; }
    if (c === '#' && word === null) {
      while (i < script.length && script[i] !== '\n') i++;
      continue;
    }
    const op = OPERATORS.find((o) => script.startsWith(o, i));
    if (op !== undefined) {
      // `2>`, `1>&2`: a word of digits right before a redirection is its file descriptor.
      if ((op[0] === '>' || op[0] === '<') && word !== null && /^\d$/.test(word)) {
        tokens.push({ t: 'op', v: word + op });
        word = null;
      } else {
        flush();
        tokens.push({ t: 'op', v: op });
      }
      i += op.length;
      continue;
    }
    if (c === '`') return { ok: false, kind: 'unsupported', message: 'backquote command substitution (use $(...))' };
    let end: number;
    if (c === "'") {
      end = script.indexOf("'", i + 1) + 1;
    } else if (c === '"') {
      end = -1;
      for (let j = i + 1; j < script.length; j++) {
        if (script[j] === '\\') { j++; continue; }
        if (script[j] === '$' && (script[j + 1] === '(' || script[j + 1] === '{')) {
          const e = skipDollarGroup(script, j);
          if (e < 0) break;
          j = e - 1;
          continue;
        }
        if (script[j] === '"') { end = j + 1; break; }
      }
    } else if (c === '\\') {
      end = Math.min(i + 2, script.length);
    } else if (c === '$' && (script[i + 1] === '(' || script[i + 1] === '{')) {
      end = skipDollarGroup(script, i);
    } else {
      end = i + 1;
    }
    if (end <= 0) return { ok: false, kind: 'syntax', message: 'syntax error: unterminated quoted string' };
    word = (word ?? '') + script.slice(i, end);
    i = end;
  }
  flush();
  return { ok: true, tokens };
}
