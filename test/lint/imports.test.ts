import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkImports, importsOf } from './imports.ts';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kyb-imports-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function check(files: Record<string, string>) {
  const root = tree(files);
  try {
    return checkImports(root);
  } finally {
    rmSync(root, { recursive: true });
  }
}

const shown = (r: ReturnType<typeof checkImports>) => r.violations.map((v) => `${v.file}:${v.line} '${v.spec}': ${v.rule}`).sort();

test('imports are found in every form, with their lines; comments are not imports', (t) => {
  const src = [
    "import a from './a.ts';",
    "import type { B } from './b.ts';",
    "import {\n  type C,\n  type D,\n} from './c.ts';",
    "export { e } from './e.ts';",
    "import './side-effect.ts';",
    "const f = await import('./f.ts');",
    "// import g from './g.ts';",
    "/* import h from './h.ts'; */",
    "const s = 'import i from \"./i.ts\"';",
  ].join('\n');
  t.deepEqual(
    importsOf(src).map((i) => `${i.line} ${i.spec}${i.typeOnly ? ' (type)' : ''}`),
    ['1 ./a.ts', '2 ./b.ts (type)', '6 ./c.ts (type)', '7 ./e.ts', '8 ./side-effect.ts', '9 ./f.ts'],
  );
});

test('a planted upward import fails, naming the file, the import and the rule', (t) => {
  const r = check({
    'runtime/system.ts': "import { kubelet } from '../actors/kubelet/kubelet.ts';\n",
    'actors/kubelet/kubelet.ts': 'export const kubelet = 1;\n',
  });
  t.deepEqual(shown(r), ["runtime/system.ts:1 '../actors/kubelet/kubelet.ts': runtime/ may not import actors/: imports only go down (runtime → protocols → actors → scenarios → test)"]);
});

test('a planted sideways import between components fails; a component may use its own folder, the shared client and protocols', (t) => {
  const r = check({
    'actors/kubelet/sync.ts': "import type { X } from '../scheduler/queue.ts';\nimport { y } from './pod.ts';\nimport { informer } from '../client/informer.ts';\nimport type { Pod } from '../../protocols/core.ts';\nimport { defineActor } from '../../runtime/index.ts';\n",
    'actors/kubelet/pod.ts': 'export const y = 1;\n',
    'actors/scheduler/queue.ts': 'export type X = 1;\n',
    'actors/client/informer.ts': 'export const informer = 1;\n',
    'protocols/core.ts': 'export type Pod = {};\n',
    'runtime/index.ts': 'export const defineActor = 1;\n',
  });
  t.deepEqual(shown(r), [
    "actors/kubelet/sync.ts:1 '../scheduler/queue.ts': a component may not import another component's folder (actors/scheduler/): components meet only through protocols/",
  ]);
});

test('components reach the runtime only through its authoring surface; protocols only through messages and services', (t) => {
  const r = check({
    'actors/etcd/member.ts': "import { Simulation } from '../../runtime/kernel/simulation.ts';\n",
    'protocols/etcd/member.ts': "import type { ActorRef } from '../../runtime/message.ts';\nimport { service } from '../../runtime/service.ts';\nimport type { Cell } from '../../runtime/system/cell.ts';\nimport { load } from 'yaml';\nimport type { Pod } from 'kubernetes-types/core/v1';\n",
    'runtime/message.ts': '', 'runtime/service.ts': '', 'runtime/system/cell.ts': '', 'runtime/kernel/simulation.ts': '',
  });
  t.deepEqual(shown(r), [
    "actors/etcd/member.ts:1 '../../runtime/kernel/simulation.ts': a component imports the runtime through its authoring surface, runtime/index.ts",
    "protocols/etcd/member.ts:3 '../../runtime/system/cell.ts': protocols/ may import of runtime/ only runtime/message.ts, runtime/service.ts, runtime/supervision.ts",
    "protocols/etcd/member.ts:4 'yaml': protocols/ may import packages for their types only (import type)",
  ]);
});

test('nothing but scenarios/ and test/ imports scenarios/; only test/ imports test/; real time only where allowed', (t) => {
  const r = check({
    'actors/x/a.ts': "import { s } from '../../scenarios/scenario.ts';\n",
    'scenarios/scenario.ts': "import { h } from '../test/helpers.ts';\nimport { wallNow } from '../runtime/clock.ts';\n",
    'scenarios/runner.ts': "import { wallNow } from '../runtime/clock.ts';\n",
    'test/helpers.ts': "import { s } from '../scenarios/scenario.ts';\n",
    'runtime/clock.ts': '',
  });
  t.deepEqual(shown(r), [
    "actors/x/a.ts:1 '../../scenarios/scenario.ts': actors/ may not import scenarios/: imports only go down (runtime → protocols → actors → scenarios → test)",
    "scenarios/scenario.ts:1 '../test/helpers.ts': scenarios/ may not import test/: imports only go down (runtime → protocols → actors → scenarios → test)",
    "scenarios/scenario.ts:2 '../runtime/clock.ts': real time (runtime/clock.ts) is read only in runtime/system/system.ts, runtime/system/index.ts, runtime/kernel/simulation.ts, scenarios/runner.ts, scenarios/cli/",
  ]);
});

test('import cycles are found, type-only ones too, each shown as a path back to its start', (t) => {
  const r = check({
    'runtime/a.ts': "import type { B } from './b.ts';\n",
    'runtime/b.ts': "import { c } from './c.ts';\n",
    'runtime/c.ts': "import type { A } from './a.ts';\n",
    'runtime/d.ts': "import { a } from './a.ts';\n",
    'runtime/self.ts': "import { x } from './self.ts';\n",
  });
  t.deepEqual(r.cycles, [['runtime/a.ts', 'runtime/b.ts', 'runtime/c.ts', 'runtime/a.ts'], ['runtime/self.ts', 'runtime/self.ts']]);
  t.deepEqual(r.violations, []);
});

test('the project keeps the import rules and has no cycle', (t) => {
  const r = checkImports(process.cwd());
  t.deepEqual(shown(r), []);
  t.deepEqual(r.cycles, []);
});

test('npm run lint fails on a planted violation, with the file, the import and the rule on one line', (t) => {
  const root = tree({
    'protocols/etcd/member.ts': "import { etcdMember } from '../../actors/etcd/member/member.ts';\n",
    'actors/etcd/member/member.ts': 'export const etcdMember = 1;\n',
  });
  try {
    const r = spawnSync(process.execPath, [`--import=${import.meta.resolve('tsx')}`, join(process.cwd(), 'test/lint/lint.ts')], { cwd: root, encoding: 'utf8' });
    t.is(r.status, 1);
    t.is(
      r.stderr.trim(),
      "protocols/etcd/member.ts:1: import '../../actors/etcd/member/member.ts' breaks the layer rule: protocols/ may not import actors/: imports only go down (runtime → protocols → actors → scenarios → test)",
    );
  } finally {
    rmSync(root, { recursive: true });
  }
});
