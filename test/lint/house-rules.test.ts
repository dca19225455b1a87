import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findViolations } from './house-rules.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kyb-lint-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('the lint step catches a planted Math.random, timers and Date, naming file and line', (t) => {
  const root = tree({
    'actors/kubelet/core.ts': 'export const a = 1;\nexport const jitter = () => Math.random();\n',
    'runtime/x.ts': 'const t = setTimeout(() => 1, 5);\nconst d = new Date();\nconst n = Date.now();\n',
    'scenarios/s.ts': 'const p = performance.now(); setImmediate(() => {}); process.hrtime();\n',
  });
  try {
    t.deepEqual(
      findViolations(root).map((v) => `${v.file}:${v.line} ${v.what}`),
      [
        'runtime/x.ts:1 setTimeout',
        'runtime/x.ts:2 new Date',
        'runtime/x.ts:3 Date.now',
        'actors/kubelet/core.ts:2 Math.random',
        'scenarios/s.ts:1 performance.now',
        'scenarios/s.ts:1 process.hrtime',
        'scenarios/s.ts:1 setImmediate',
      ],
    );
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('the clock file is exempt, and comments or strings that name a banned call are not code', (t) => {
  const root = tree({
    'runtime/clock.ts': 'setTimeout(f, 1); performance.now();\n',
    'runtime/doc.ts': '// never call Math.random here\n/* or setTimeout\n   or Date.now */\nconst s = "setInterval";\n',
    'test/free.ts': 'Math.random();\n',
  });
  try {
    t.deepEqual(findViolations(root), []);
  } finally {
    rmSync(root, { recursive: true });
  }
});

test('the project itself keeps the rule', (t) => {
  t.deepEqual(findViolations(process.cwd()), []);
});
