// Finds a scenario by built-in name or by the path of a file that exports one.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { builtin } from './builtin/index.ts';
import type { ScenarioDefinition } from './scenario.ts';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

export interface LoadedScenario {
  readonly def: ScenarioDefinition;
  /** What a trace header names it by: the built-in name, or the file's absolute path. */
  readonly source: string;
}

/**
 * One line for why a file did not load. A syntax error comes from esbuild (through tsx) as
 * "Transform failed with N error(s):" and then one `file:line:column: ERROR: text` line each,
 * or with `errors[].location`: the first error's place and text are what a reader needs. esbuild
 * counts columns from 0; editors, and this message, from 1.
 */
function loadError(e: unknown): string {
  const err = e as { message?: unknown; errors?: { text?: string; location?: { file: string; line: number; column: number } | null }[] };
  const first = err.errors?.[0];
  if (first?.text !== undefined && first.location) return `${first.location.file}:${first.location.line}:${first.location.column + 1}: ${first.text}`;
  const message = typeof err.message === 'string' ? err.message : String(e);
  const located = /^(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
  if (located) return `${located[1]}:${located[2]}:${Number(located[3]) + 1}: ${located[4]}`;
  return message.split('\n')[0]!;
}

const isDefinition = (x: unknown) => typeof x === 'object' && x !== null && 'script' in x;

export async function loadScenario(nameOrPath: string): Promise<LoadedScenario> {
  const b = builtin(nameOrPath);
  if (b) return { def: b, source: b.name };
  const path = resolve(nameOrPath);
  if (!existsSync(path))
    throw new ScenarioError(`unknown scenario "${nameOrPath}": not a built-in (kyb scenarios lists them) and no such file`);
  let mod: Record<string, unknown>;
  try {
    // tsx loads TypeScript wherever the file is, in or out of an ESM package.
    mod = (await tsImport(path, import.meta.url)) as Record<string, unknown>;
  } catch (e) {
    throw new ScenarioError(`scenario file ${nameOrPath} cannot be loaded: ${loadError(e)}`);
  }
  // Outside an ESM package the file loads as CommonJS, its exports one level down.
  const exports = (isDefinition(mod.default) || mod.scenario !== undefined ? mod : (mod.default ?? mod)) as Record<string, unknown>;
  const def = (exports.default ?? exports.scenario) as Partial<ScenarioDefinition> | undefined;
  if (!def || typeof def !== 'object') throw new ScenarioError(`scenario file ${nameOrPath} exports no scenario (export default defineScenario({ ... }))`);
  for (const [field, type] of [['name', 'string'], ['description', 'string'], ['setup', 'function'], ['script', 'function']] as const)
    if (typeof def[field] !== type) throw new ScenarioError(`scenario file ${nameOrPath}: ${field}: must be a ${type}`);
  return { def: def as ScenarioDefinition, source: path };
}
