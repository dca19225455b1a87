// The source files the lint reads: every script under a folder, in a stable order.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') yield* sourceFiles(path);
    } else if (/\.(ts|js|mjs|cjs)$/.test(name)) yield path;
  }
}
