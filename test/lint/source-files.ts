// The source files the lint reads: every script under the folders named, in a stable order, with
// its path from the project's root (folders that do not exist are passed over).

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') yield* walk(path);
    } else if (/\.(ts|js|mjs|cjs)$/.test(name)) yield path;
  }
}

export function* sourceFiles(root: string, folders: readonly string[]): Generator<{ readonly path: string; readonly file: string }> {
  for (const folder of folders) {
    const dir = join(root, folder);
    try {
      statSync(dir);
    } catch {
      continue;
    }
    for (const path of walk(dir)) yield { path, file: relative(root, path).split('\\').join('/') };
  }
}
