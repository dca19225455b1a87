// Word expansion when a command runs: quotes, `$VAR`/`${VAR}`/`${VAR:-default}`, the special
// parameters, `$(command)` and `$((arithmetic))`, then field splitting of unquoted results on
// blanks. No globbing: the model's file system has no directories to match against.

export class ExpansionError extends Error {}

export interface ExpandContext {
  readonly vars: (name: string) => string | undefined;
  readonly status: number;
  /** $0, $1, …: `sh -c script name args…`. */
  readonly args: readonly string[];
  /** Runs `script` and gives its standard output, trailing newlines removed. */
  readonly substitute: (script: string) => string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function parameter(name: string, ctx: ExpandContext): string {
  if (name === '?') return String(ctx.status);
  if (name === '$') return '1';
  if (name === '#') return String(Math.max(0, ctx.args.length - 1));
  if (name === '@' || name === '*') return ctx.args.slice(1).join(' ');
  if (/^\d+$/.test(name)) return ctx.args[Number(name)] ?? '';
  return ctx.vars(name) ?? '';
}

/** The text of the `$…` expansion at `s[i]` and where it ends. */
function dollar(s: string, i: number, ctx: ExpandContext): [string, number] {
  const next = s[i + 1];
  if (next === '(') {
    const arith = s[i + 2] === '(';
    let depth = 0;
    let j = i + 1;
    for (; j < s.length; j++) {
      if (s[j] === '(') depth++;
      else if (s[j] === ')' && --depth === 0) break;
    }
    const inner = s.slice(i + 2, j);
    if (arith) return [String(arithmetic(inner.slice(1, -1), ctx)), j + 1];
    return [ctx.substitute(inner), j + 1];
  }
  if (next === '{') {
    const end = s.indexOf('}', i);
    if (end < 0) throw new ExpansionError('bad substitution');
    const body = s.slice(i + 2, end);
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[?$#@*]|\d+)(?::?([-=+])(.*))?$/.exec(body);
    if (m === null) throw new ExpansionError(`\${${body}}: bad substitution`);
    const value = parameter(m[1]!, ctx);
    if (m[2] === '-' || m[2] === '=') return [value === '' ? m[3]! : value, end + 1];
    if (m[2] === '+') return [value === '' ? '' : m[3]!, end + 1];
    return [value, end + 1];
  }
  if (next !== undefined && /[?$#@*0-9]/.test(next)) return [parameter(next, ctx), i + 2];
  const m = NAME.exec(s.slice(i + 1));
  if (m === null) return ['$', i + 1];
  return [parameter(m[0], ctx), i + 1 + m[0].length];
}

/** The fields a raw word expands to. */
export function expandWord(raw: string, ctx: ExpandContext): string[] {
  const fields: string[] = [];
  let current = '';
  let hasField = false;
  const split = (text: string) => {
    const parts = text.split(/[ \t\n]+/);
    parts.forEach((p, k) => {
      if (k > 0 && hasField) {
        fields.push(current);
        current = '';
        hasField = false;
      }
      if (p !== '') {
        current += p;
        hasField = true;
      }
    });
  };
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      current += raw.slice(i + 1, end);
      hasField = true;
      i = end + 1;
    } else if (c === '"') {
      hasField = true;
      i++;
      while (i < raw.length && raw[i] !== '"') {
        if (raw[i] === '\\' && '$`"\\'.includes(raw[i + 1] ?? '')) {
          current += raw[i + 1];
          i += 2;
        } else if (raw[i] === '$') {
          const [text, end] = dollar(raw, i, ctx);
          current += text;
          i = end;
        } else {
          current += raw[i++];
        }
      }
      i++;
    } else if (c === '\\') {
      current += raw[i + 1] ?? '';
      hasField = true;
      i += 2;
    } else if (c === '$') {
      const [text, end] = dollar(raw, i, ctx);
      if (text === '$') {
        current += text;
        hasField = true;
      } else {
        split(text);
      }
      i = end;
    } else {
      current += c;
      hasField = true;
      i++;
    }
  }
  if (hasField) fields.push(current);
  return fields;
}

/** $((…)): integers, + - * / %, comparisons, parentheses and variables. */
export function arithmetic(expr: string, ctx: ExpandContext): number {
  const tokens = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!]|\S/g) ?? [];
  let k = 0;
  const fail = (): never => {
    throw new ExpansionError(`arithmetic syntax error`);
  };
  const primary = (): number => {
    const t = tokens[k++];
    if (t === undefined) return fail();
    if (t === '(') {
      const v = or();
      if (tokens[k++] !== ')') fail();
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(t)) return Number(t);
    const name = t.startsWith('$') ? t.slice(1) : t;
    if (!NAME.test(name)) return fail();
    const v = ctx.vars(name) ?? '0';
    return /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim() === '' ? 0 : fail();
  };
  const level = (ops: readonly string[], next: () => number, apply: (op: string, a: number, b: number) => number) => (): number => {
    let v = next();
    while (ops.includes(tokens[k] ?? '')) {
      const op = tokens[k++]!;
      v = apply(op, v, next());
    }
    return v;
  };
  const mul = level(['*', '/', '%'], primary, (op, a, b) => {
    if (op === '*') return a * b;
    if (b === 0) throw new ExpansionError('divide by zero');
    return op === '/' ? Math.trunc(a / b) : a % b;
  });
  const add = level(['+', '-'], mul, (op, a, b) => (op === '+' ? a + b : a - b));
  const cmp = level(['<', '>', '<=', '>=', '==', '!='], add, (op, a, b) =>
    Number(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : op === '>=' ? a >= b : op === '==' ? a === b : a !== b));
  const and = level(['&&'], cmp, (_op, a, b) => Number(a !== 0 && b !== 0));
  const or = level(['||'], and, (_op, a, b) => Number(a !== 0 || b !== 0));
  if (tokens.length === 0) return 0;
  const v = or();
  if (k !== tokens.length) fail();
  return v;
}
