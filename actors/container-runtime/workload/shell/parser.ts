// The POSIX shell grammar the docs' manifests use: lists with `;`, `&&`, `||`, `&` and newlines,
// `!`, `while`/`until`/`for`/`if` and `{ …; }` groups, assignments and redirections. Pipes,
// subshells, `case`, functions and here-documents are reported as unsupported, not guessed at.

import { lex, type Token } from './lexer.ts';
import type { Node, ParseResult, Redirect } from './ast.ts';

class Fail {
  constructor(readonly kind: 'syntax' | 'unsupported', readonly message: string) {}
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const RESERVED_ENDS = new Set(['do', 'done', 'then', 'elif', 'else', 'fi', '}']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }
  private isWord(v: string): boolean {
    const t = this.peek();
    return t?.t === 'w' && t.v === v;
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === v;
  }
  private unexpected(): Fail {
    const t = this.peek();
    if (t === undefined) return new Fail('syntax', 'syntax error: unexpected end of file');
    return new Fail('syntax', `syntax error: unexpected "${t.v === '\n' ? 'newline' : t.v}"`);
  }
  private expectWord(v: string): void {
    this.skipNewlines();
    if (!this.isWord(v)) {
      if (this.peek() === undefined) throw new Fail('syntax', `syntax error: unexpected end of file (expecting "${v}")`);
      throw this.unexpected();
    }
    this.i++;
  }
  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  /** The whole script: a list that leaves no token behind. */
  whole(): Node {
    const node = this.list();
    if (this.peek() !== undefined) throw this.unexpected();
    return node;
  }

  /** A list up to the end, or up to a reserved word that closes the compound command around it. */
  list(): Node {
    const items: Node[] = [];
    for (;;) {
      while (this.isOp('\n') || this.isOp(';')) {
        if (this.isOp(';') && items.length === 0) throw this.unexpected();
        this.i++;
      }
      const t = this.peek();
      if (t === undefined || (t.t === 'w' && RESERVED_ENDS.has(t.v))) break;
      if (t.t === 'op' && t.v === ')') throw this.unexpected();
      let node = this.andOr();
      if (this.isOp('&')) {
        this.i++;
        node = { t: 'bg', body: node };
      } else if (!this.isOp(';') && !this.isOp('\n') && this.peek() !== undefined) {
        const next = this.peek()!;
        if (!(next.t === 'w' && RESERVED_ENDS.has(next.v))) throw this.unexpected();
      }
      items.push(node);
    }
    if (items.length === 0) throw this.unexpected();
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  private andOr(): Node {
    let left = this.pipeline();
    while (this.isOp('&&') || this.isOp('||')) {
      const t = (this.peek() as Token).v === '&&' ? 'and' : 'or';
      this.i++;
      this.skipNewlines();
      left = { t, left, right: this.pipeline() };
    }
    return left;
  }

  private pipeline(): Node {
    if (this.isWord('!')) {
      this.i++;
      return { t: 'not', body: this.pipeline() };
    }
    const node = this.command();
    if (this.isOp('|')) throw new Fail('unsupported', "pipe '|'");
    return node;
  }

  private command(): Node {
    const t = this.peek();
    if (t === undefined) throw this.unexpected();
    if (t.t === 'op') {
      if (t.v === '(') throw new Fail('unsupported', "subshell '( … )'");
      if (t.v === ';;') throw new Fail('unsupported', "';;'");
      if (t.v !== '>' && t.v !== '>>' && !/^\d[<>]/.test(t.v) && t.v !== '>&') throw this.unexpected();
      return this.simple();
    }
    switch (t.v) {
      case 'while':
      case 'until': {
        this.i++;
        const cond = this.list();
        this.expectWord('do');
        const body = this.list();
        this.expectWord('done');
        return { t: t.v, cond, body };
      }
      case 'for': {
        this.i++;
        const name = this.peek();
        if (name?.t !== 'w' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name.v)) throw this.unexpected();
        this.i++;
        let words: string[] | null = null;
        if (this.isWord('in')) {
          this.i++;
          words = [];
          while (this.peek()?.t === 'w') words.push((this.tokens[this.i++] as Token).v);
        }
        if (this.isOp(';')) this.i++;
        this.expectWord('do');
        const body = this.list();
        this.expectWord('done');
        return { t: 'for', name: name.v, words, body };
      }
      case 'if':
        this.i++;
        return this.ifRest();
      case '{': {
        this.i++;
        const body = this.list();
        this.expectWord('}');
        return body;
      }
      case 'case':
        throw new Fail('unsupported', "'case'");
      case 'function':
        throw new Fail('unsupported', 'function definitions');
      default:
        return this.simple();
    }
  }

  private ifRest(): Node {
    const cond = this.list();
    this.expectWord('then');
    const then = this.list();
    this.skipNewlines();
    let otherwise: Node | null = null;
    if (this.isWord('elif')) {
      this.i++;
      return { t: 'if', cond, then, else: this.ifRest() };
    }
    if (this.isWord('else')) {
      this.i++;
      otherwise = this.list();
    }
    this.expectWord('fi');
    return { t: 'if', cond, then, else: otherwise };
  }

  private simple(): Node {
    const assigns: [string, string][] = [];
    const words: string[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const t = this.peek();
      if (t === undefined) break;
      if (t.t === 'op') {
        const m = /^(\d?)(>>|>&|>|<<|<)$/.exec(t.v);
        if (m === null) break;
        if (m[2] === '<<') throw new Fail('unsupported', "here-documents '<<'");
        if (m[2] === '<') throw new Fail('unsupported', "input redirection '<'");
        const fd = m[1] === '2' ? 2 : 1;
        this.i++;
        let target = this.peek();
        // `2>&1` lexes as the operator '2>&' and the word '1'; `>&2` likewise.
        if (target?.t !== 'w') throw this.unexpected();
        this.i++;
        redirects.push({ op: m[2] as Redirect['op'], fd, target: target.v });
        target = undefined;
        continue;
      }
      if (words.length === 0 && ASSIGNMENT.test(t.v)) {
        const eq = t.v.indexOf('=');
        assigns.push([t.v.slice(0, eq), t.v.slice(eq + 1)]);
      } else {
        if (words.length === 0 && RESERVED_ENDS.has(t.v)) break;
        words.push(t.v);
      }
      this.i++;
    }
    if (this.isOp('(') && words.length === 1) throw new Fail('unsupported', 'function definitions');
    if (words.length === 0 && assigns.length === 0 && redirects.length === 0) throw this.unexpected();
    if (words[0] === 'exec' && words.length > 1) {
      // `exec cmd` replaces the shell: the command's status is the process's.
      return { t: 'seq', items: [{ t: 'simple', assigns, words: words.slice(1), redirects }, { t: 'simple', assigns: [], words: ['exit'], redirects: [] }] };
    }
    return { t: 'simple', assigns, words, redirects };
  }
}

export function parse(script: string): ParseResult {
  const lexed = lex(script);
  if (!lexed.ok) return lexed;
  if (lexed.tokens.every((t) => t.t === 'op' && t.v === '\n')) return { ok: true, node: { t: 'seq', items: [] } };
  const parser = new Parser(lexed.tokens);
  try {
    return { ok: true, node: parser.whole() };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, kind: e.kind, message: e.message };
    throw e;
  }
}
