// A parsed script: plain data, so a running process's state (which holds the nodes it is
// executing) stays serializable. Words are raw, expanded when they run.

export interface Redirect {
  /** '>' / '>>' to a file, '>&' to another stream (`2>&1`, `>&2`). */
  readonly op: '>' | '>>' | '>&';
  readonly fd: 1 | 2;
  readonly target: string;
}

export type Node =
  | { readonly t: 'simple'; readonly assigns: readonly (readonly [string, string])[]; readonly words: readonly string[]; readonly redirects: readonly Redirect[] }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly t: 'while' | 'until'; readonly cond: Node; readonly body: Node }
  | { readonly t: 'for'; readonly name: string; readonly words: readonly string[] | null; readonly body: Node }
  | { readonly t: 'if'; readonly cond: Node; readonly then: Node; readonly else: Node | null }
  | { readonly t: 'not'; readonly body: Node }
  /** `cmd &`: only a `sleep` runs in the background (for `wait`); anything else runs at once. */
  | { readonly t: 'bg'; readonly body: Node };

export type ParseResult = { ok: true; node: Node } | { ok: false; kind: 'syntax' | 'unsupported'; message: string };

/** A simple command of literal words (an exec's argv): each single-quoted so expansion keeps it. */
export function literalCommand(argv: readonly string[]): Node {
  return { t: 'simple', assigns: [], words: argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`), redirects: [] };
}
