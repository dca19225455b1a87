// A reader of kubernetes-types' declaration files. They are generated from the OpenAPI and very
// regular: `import { A, B } from "../meta/v1";`, then `export interface T { field?: Type; }` with
// JSDoc comments and `export type Alias = ...;`. A full TypeScript parser is not needed for that
// shape, and the TypeScript 7 package has no parser API to call.

export interface DtsFile {
  /** Imported name → the module path it comes from, relative to the package root (`meta/v1`). */
  readonly imports: ReadonlyMap<string, string>;
  /** Interface name → its fields in declaration order, each with its type text. */
  readonly interfaces: ReadonlyMap<string, readonly (readonly [string, string])[]>;
  /** Alias name → its type text. */
  readonly aliases: ReadonlyMap<string, string>;
}

const stripComments = (src: string) => src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** The module path of an import, from the importing module's path (`apps/v1` + `../meta/v1`). */
export function resolveModule(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of spec.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Splits an interface body into `name: type` members, keeping braces inside a type together. */
function members(body: string): [string, string][] {
  const out: [string, string][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '{' || c === '<' || c === '(') depth++;
    else if (c === '}' || c === '>' || c === ')') depth--;
    else if (c === ';' && depth === 0) {
      const m = /^\s*(?:readonly\s+)?("[^"]+"|[\w$-]+)\??\s*:\s*([\s\S]+)$/.exec(body.slice(start, i));
      if (m) out.push([m[1]!.replace(/^"|"$/g, ''), m[2]!.replace(/\s+/g, ' ').trim()]);
      start = i + 1;
    }
  }
  return out;
}

export function parseDts(modulePath: string, src: string): DtsFile {
  const code = stripComments(src);
  const imports = new Map<string, string>();
  for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
    for (const name of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) imports.set(name, resolveModule(modulePath, m[2]!));
  }
  const interfaces = new Map<string, [string, string][]>();
  for (const m of code.matchAll(/export interface (\w+)\s*\{/g)) {
    let depth = 1;
    let i = m.index! + m[0].length;
    const start = i;
    for (; depth > 0; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}') depth--;
    }
    interfaces.set(m[1]!, members(code.slice(start, i - 1)));
  }
  const aliases = new Map<string, string>();
  for (const m of code.matchAll(/export type (\w+)\s*=\s*([^;]+);/g)) aliases.set(m[1]!, m[2]!.trim());
  return { imports, interfaces, aliases };
}
