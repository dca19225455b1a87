// The house rule that keeps runs reproducible: no ambient time, randomness or Node timers in
// simulated code. Only runtime/clock.ts (the real clock and the kernel's own pacing) may use them.
// Run by test/lint/lint.ts, the first step of `npm test`.

import { readFileSync } from 'node:fs';
import { sourceFiles } from './source-files.ts';

export const CHECKED_FOLDERS = ['runtime', 'actors', 'protocols', 'scenarios'];
export const EXEMPT_FILES = ['runtime/clock.ts'];

const BANNED: [RegExp, string][] = [
  [/\bDate\s*\.\s*now\b/, 'Date.now'],
  [/\bnew\s+Date\b/, 'new Date'],
  [/(?<!new\s+)\bDate\s*\(/, 'Date()'],
  [/\bMath\s*\.\s*random\b/, 'Math.random'],
  [/\bperformance\s*\.\s*now\b/, 'performance.now'],
  [/\bprocess\s*\.\s*hrtime\b/, 'process.hrtime'],
  [/\bsetTimeout\b/, 'setTimeout'],
  [/\bsetInterval\b/, 'setInterval'],
  [/\bsetImmediate\b/, 'setImmediate'],
];

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly what: string;
  readonly text: string;
}

/** Strips comments and string contents so that prose about a banned name is not a violation. */
function codeOnly(line: string, inBlock: { open: boolean }): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (inBlock.open) {
      if (line.startsWith('*/', i)) {
        inBlock.open = false;
        i++;
      }
      continue;
    }
    if (line.startsWith('/*', i)) {
      inBlock.open = true;
      i++;
      continue;
    }
    if (line.startsWith('//', i)) break;
    const q = line[i]!;
    if (q === "'" || q === '"' || q === '`') {
      const end = line.indexOf(q, i + 1);
      out += q + q;
      i = end < 0 ? line.length : end;
      continue;
    }
    out += q;
  }
  return out;
}

export function findViolations(root: string): Violation[] {
  const found: Violation[] = [];
  for (const { path, file } of sourceFiles(root, CHECKED_FOLDERS)) {
    if (EXEMPT_FILES.includes(file)) continue;
    const block = { open: false };
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const code = codeOnly(text, block);
        for (const [re, what] of BANNED) if (re.test(code)) found.push({ file, line: i + 1, what, text: text.trim() });
      });
  }
  return found;
}
