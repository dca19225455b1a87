// The README's examples run as written: a newcomer's first copy-paste must work.

import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const block = (marker: string) => {
  const b = blocks.find((x) => x.includes(marker));
  if (b === undefined) throw new Error(`no README example containing ${marker}`);
  return b;
};

/** Runs `code` as a module at the project root (where its imports point), within a time limit. */
function run(name: string, code: string, args: string[] = []) {
  const file = join(root, `.readme-${name}-${process.pid}.ts`);
  writeFileSync(file, code);
  try {
    return spawnSync(process.execPath, ['--import=tsx', ...(args.length ? [join(root, 'scenarios/cli/kyb.js'), ...args, file] : [file])], { encoding: 'utf8', timeout: 60_000 });
  } finally {
    rmSync(file, { force: true });
  }
}

test('the actor example runs, answers, and lets the process exit', (t) => {
  const r = run('actor', block("kind: 'counter'"));
  t.is(r.signal, null, 'it exited by itself, within the time limit');
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /type: 'count', n: 2/);
});

test('the supervisor and simulation examples run after the actor example', (t) => {
  // They use its counter and its system, so that one shuts down only after the supervisor example.
  const actor = block("kind: 'counter'").replace('system.shutdown();', '');
  const r = run('sup-sim', [actor, block("kind: 'app'"), 'system.shutdown();', block('new Simulation(')].join('\n'));
  t.is(r.status, 0, r.stderr);
});

test('the scenario example passes under kyb run', (t) => {
  const r = run('scenario', block('defineScenario({'), ['run', '--json']);
  t.is(r.status, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout) as { ok: boolean; expectations: { name: string; ok: boolean }[] };
  t.true(out.ok);
  t.deepEqual(out.expectations.map((x) => x.name), ['etcd elects a leader', 'another member leads']);
});

test('the Kubernetes scenario example passes under kyb run', (t) => {
  const r = run('kube', block('s.kube.apply('), ['run', '--json']);
  t.is(r.status, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout) as { ok: boolean; expectations: { name: string; ok: boolean }[] };
  t.true(out.ok);
  t.deepEqual(out.expectations.map((x) => x.name), ['defaulted and scaled']);
});
