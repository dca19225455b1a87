// The layers' import rules, and no import cycles. Imports only go down the layers:
//   runtime/ → protocols/ → actors/ → scenarios/ → test/
// runtime/ knows nothing above it; protocols/ holds types, constructors and validators and may use
// only the runtime's message and service modules and type-only packages; a component under actors/
// uses the runtime's authoring surface (runtime/index.ts), protocols/, the shared client library
// and its own folder, never another component's; nothing but test/ imports test/, and only
// scenarios/ and test/ import scenarios/. Real time (runtime/clock.ts) is read only where a run
// is paced or its wall-clock figures are reported. Type-only imports count: they are coupling too.

import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { sourceFiles } from './source-files.ts';

export const LAYERS = ['runtime', 'protocols', 'actors', 'scenarios', 'test'];
/** The component folder every component may import: client-go's equivalent (the next issue's). */
export const SHARED_CLIENT = 'actors/client';
/** What protocols/ may import of the runtime: messages and refs, and typed services. */
export const PROTOCOL_RUNTIME = ['runtime/message.ts', 'runtime/service.ts', 'runtime/supervision.ts'];
/** Where the real clock may be read: the system's default clock, real-time pacing, the CLI's figures. */
export const REAL_TIME_USERS = ['runtime/system/system.ts', 'runtime/system/index.ts', 'runtime/kernel/simulation.ts', 'scenarios/runner.ts', 'scenarios/cli/'];

export interface ImportViolation {
  readonly file: string;
  readonly line: number;
  readonly spec: string;
  readonly rule: string;
}

interface Import {
  readonly spec: string;
  readonly line: number;
  readonly typeOnly: boolean;
}

/** The source without comments (strings kept: module specifiers are strings). */
function stripComments(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const body = src.slice(i, end < 0 ? src.length : end + 2);
      out += body.replace(/[^\n]/g, ' ');
      i = end < 0 ? src.length : end + 1;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j;
    } else out += c;
  }
  return out;
}

// An import clause never holds a quote or a semicolon, so a match cannot run on into a string.
const IMPORT = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([^;'"`]*?)\bfrom\s*['"]([^'"]+)['"]|(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(src: string): Import[] {
  const code = stripComments(src);
  const out: Import[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const spec = m[4] ?? m[5] ?? m[6]!;
    const at = m.index! + m[0].indexOf(spec);
    const line = code.slice(0, at).split('\n').length;
    // `import type { A }` or `import { type A, type B }`: nothing of the module runs.
    const names = m[3] ?? '';
    const typeOnly = m[2] !== undefined || (/^\{[\s\S]*\}\s*$/.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type')));
    out.push({ spec, line, typeOnly });
  }
  return out;
}

const layerOf = (file: string) => file.split('/')[0]!;
/** actors/<component>/...: the component's folder. */
const componentOf = (file: string) => file.split('/').slice(0, 2).join('/');
const under = (file: string, folder: string) => file === folder || file.startsWith(folder.endsWith('/') ? folder : `${folder}/`);

/** Why `file` may not import `target` (a project file, or a package when `pkg`), or null when it may. */
export function ruleBroken(file: string, target: string, imp: Import, pkg: boolean): string | null {
  const from = layerOf(file);
  if (pkg) {
    if (from === 'protocols' && !imp.typeOnly && !target.startsWith('node:'))
      return 'protocols/ may import packages for their types only (import type)';
    return null;
  }
  const to = layerOf(target);
  if (!LAYERS.includes(to)) return null;
  if (target === 'runtime/clock.ts' && !REAL_TIME_USERS.some((u) => under(file, u)) && from !== 'test')
    return `real time (runtime/clock.ts) is read only in ${REAL_TIME_USERS.join(', ')}`;
  const rank = (l: string) => LAYERS.indexOf(l);
  if (rank(to) > rank(from)) return `${from}/ may not import ${to}/: imports only go down (${LAYERS.join(' → ')})`;
  if (from === 'protocols' && to === 'runtime' && !PROTOCOL_RUNTIME.includes(target))
    return `protocols/ may import of runtime/ only ${PROTOCOL_RUNTIME.join(', ')}`;
  if (from === 'actors') {
    if (to === 'runtime' && target !== 'runtime/index.ts') return 'a component imports the runtime through its authoring surface, runtime/index.ts';
    if (to === 'actors' && componentOf(target) !== componentOf(file) && !under(target, SHARED_CLIENT))
      return `a component may not import another component's folder (${componentOf(target)}/): components meet only through protocols/`;
  }
  return null;
}

export interface ImportCheck {
  readonly violations: ImportViolation[];
  /** Each cycle as the files on it, in import order, the first repeated at the end. */
  readonly cycles: string[][];
}

export function checkImports(root: string): ImportCheck {
  const violations: ImportViolation[] = [];
  const graph = new Map<string, string[]>();
  for (const { path, file } of sourceFiles(root, LAYERS)) {
    const edges: string[] = [];
    for (const imp of importsOf(readFileSync(path, 'utf8'))) {
      const relativeSpec = imp.spec.startsWith('.');
      const target = relativeSpec ? normalize(join(dirname(file), imp.spec)).split('\\').join('/') : imp.spec;
      if (relativeSpec) edges.push(target);
      const rule = ruleBroken(file, target, imp, !relativeSpec);
      if (rule !== null) violations.push({ file, line: imp.line, spec: imp.spec, rule });
    }
    graph.set(file, edges);
  }
  return { violations, cycles: cyclesOf(graph) };
}

/** Every strongly connected set of files larger than one (or a file importing itself), as a cycle through it. */
export function cyclesOf(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(cycleThrough(graph, new Set(scc), scc.sort()[0]!));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** One concrete cycle within a strongly connected set, from `start` back to it. */
function cycleThrough(graph: Map<string, string[]>, scc: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!scc.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
