import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture, kyb, refused } from './kyb.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-cli-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test.serial('kyb scenarios lists the built-ins', (t) => {
  const r = kyb(['scenarios', '--json']);
  t.is(r.code, 0);
  const list = JSON.parse(r.out) as { name: string; description: string }[];
  t.deepEqual(list.map((s) => s.name), ['default-cluster', 'supervision-demo', 'ping-pong', 'partition-demo', 'etcd-leader-failure', 'etcd-partition', 'etcd-chaos', 'etcd-chaos-5', 'apiserver-basics', 'apiserver-failover', 'apiserver-chaos', 'pod-lifecycle', 'dual-stack-pods', 'node-components-chaos', 'bin-packing', 'scheduling-explained', 'node-failure-eviction', 'rollout-and-rollback', 'control-plane-failover', 'batch', 'statefulset-storage', 'cloud-load-balancer', 'control-plane-chaos']);
  t.true(list.every((s) => s.description.length > 10));
});

test.serial('kyb run --json prints the contract’s fields, and the same seed the same hash', (t) => {
  const trace = join(dir, 'pp.trace');
  const r = kyb(['run', 'ping-pong', '--seed', '3', '--trace', trace, '--json']);
  t.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  t.deepEqual(Object.keys(out).sort(), ['events', 'expectations', 'messages', 'ok', 'scenario', 'seed', 'traceFile', 'traceHash', 'virtualTimeMs', 'wallMs']);
  t.like(out, { scenario: 'ping-pong', seed: 3, ok: true, traceFile: trace });
  t.true(out.expectations.every((x: { ok: boolean }) => x.ok));
  t.true(existsSync(trace));
  const again = JSON.parse(kyb(['run', 'ping-pong', '--seed', '3', '--json']).out);
  t.is(again.traceHash, out.traceHash);
  t.is(again.traceFile, null);
});

test.serial('kyb run exits 1 when an expectation fails, and says which', (t) => {
  const r = kyb(['run', fixture('failing.ts')]);
  t.is(r.code, 1);
  t.regex(r.out, /✓ time passed/);
  t.regex(r.out, /✗ two and two make five — they make 4/);
});

test.serial('kyb run refuses bad input with one line and exit 2', (t) => {
  refused(t, ['run', 'no-such-scenario'], /^kyb: unknown scenario "no-such-scenario": not a built-in/);
  refused(t, ['run', 'ping-pong', '--seed', 'abc'], /^kyb: --seed: invalid value "abc"/);
  refused(t, ['run', 'ping-pong', '--bogus'], /^kyb: unknown option '--bogus'/);
  refused(t, ['run'], /^kyb: missing required argument 'scenario'/);
  refused(t, ['frobnicate'], /^kyb: unknown command 'frobnicate'/);
  const broken = join(dir, 'broken.ts');
  writeFileSync(broken, 'export default { name: 1 };\n');
  refused(t, ['run', broken], /^kyb: scenario file .*broken\.ts: name: must be a string/);
});

test.serial('kyb replay: identical, diverged, or unreadable', (t) => {
  const trace = join(dir, 'leaky.trace');
  t.is(kyb(['run', fixture('leaky.ts'), '--trace', trace]).code, 0);
  const same = kyb(['replay', trace, '--json']);
  t.is(same.code, 0, same.err);
  t.like(JSON.parse(same.out), { identical: true });
  const diverged = kyb(['replay', trace, '--json'], { KYB_TEST_LEAK: '1' });
  t.is(diverged.code, 1, diverged.err);
  const d = JSON.parse(diverged.out);
  t.false(d.identical);
  t.is(d.firstDivergence.expected.type, 'checkpoint');
  t.true(d.firstDivergence.seq > 0);
  const bytes = readFileSync(trace);
  const truncated = join(dir, 'truncated.trace');
  writeFileSync(truncated, bytes.subarray(0, bytes.length - 7));
  refused(t, ['replay', truncated], /^kyb: .*truncated\.trace is truncated/);
  const notTrace = join(dir, 'not.trace');
  writeFileSync(notTrace, 'hello world, this is not a trace');
  refused(t, ['replay', notTrace], /^kyb: .*not\.trace is not a kybernetes trace/);
  refused(t, ['replay', join(dir, 'missing.trace')], /^kyb: cannot read trace .*missing\.trace: ENOENT/);
});

test.serial('kyb tree: a scenario’s cluster booted, or a trace’s tree at a time', (t) => {
  const booted = kyb(['tree', '--json']);
  t.is(booted.code, 0, booted.err);
  const root = JSON.parse(booted.out);
  t.like(root, { path: '/', kind: 'system', status: 'running' });
  t.deepEqual(Object.keys(root.children[0]).sort(), ['children', 'description', 'kind', 'lastFailure', 'mailbox', 'name', 'path', 'processed', 'restarts', 'status']);
  // The default cluster: a control plane with etcd stacked on it, and two workers.
  t.deepEqual(root.children.map((h: { path: string; kind: string }) => `${h.path}:${h.kind}`), ['/control-plane-1:host', '/worker-1:host', '/worker-2:host']);
  t.like(root.children[0].children[0], { path: '/control-plane-1/etcd-member', kind: 'etcd-member', status: 'running' });

  const trace = join(dir, 'sup.trace');
  t.is(kyb(['run', 'supervision-demo', '--trace', trace]).code, 0);
  const at = (d: string) => JSON.parse(kyb(['tree', trace, '--at', d, '--json']).out);
  const b = (tree: { children: { children: { name: string; children: { name: string; status: string; restarts: number }[] }[] }[] }) =>
    tree.children[0]!.children.find((c) => c.name === 'one-for-one')!.children.find((c) => c.name === 'b')!;
  t.like(b(at('999ms')), { status: 'running', restarts: 0 });
  t.like(b(at('1s')), { status: 'backing-off', restarts: 0 });
  t.like(b(at('2s')), { status: 'running', restarts: 1 });
  const text = kyb(['tree', trace, '--at', '1s']);
  t.regex(text.out, /b \(worker\) backing-off/);
  refused(t, ['tree', trace, '--at', '5x'], /^kyb: --at: invalid duration "5x": write it like 250ms, 90s, 5m or 1h/);
  refused(t, ['tree', '--at', '1s'], /^kyb: --at needs a TRACE/);
});

test.serial('kyb trace: filters, explains, and converts for Perfetto and Mermaid', (t) => {
  const trace = join(dir, 'sup2.trace');
  t.is(kyb(['run', 'supervision-demo', '--trace', trace]).code, 0);
  const crashes = kyb(['trace', trace, '--type', 'crash']).out.trim().split('\n');
  t.true(crashes.length >= 6);
  t.true(crashes.every((l) => / crash /.test(l)));
  const seq = Number(/^#(\d+)/.exec(crashes[0]!)![1]);
  const chain = kyb(['trace', trace, '--explain', String(seq)]).out.trim().split('\n');
  t.regex(chain[0]!, / external outside \[step=send/);
  t.regex(chain.at(-1)!, new RegExp(`^#${seq} `));
  const chrome = JSON.parse(kyb(['trace', trace, '--format', 'chrome']).out);
  t.true(chrome.traceEvents.some((e: { ph: string }) => e.ph === 'X'));
  const json = kyb(['trace', trace, '--actor', '/node-1/fragile/**', '--format', 'json']).out.trim().split('\n').map((l) => JSON.parse(l));
  t.true(json.length > 0 && json.every((e: { actor: string; peer: string }) => e.actor.startsWith('/node-1/fragile') || e.peer.startsWith('/node-1/fragile')));
  t.regex(kyb(['trace', trace, '--format', 'mermaid']).out, /^sequenceDiagram/);
  refused(t, ['trace', trace, '--format', 'svg'], /^kyb: --format: invalid value "svg"/);
  refused(t, ['trace', trace, '--explain', '999999'], /^kyb: no event 999999: the trace has \d+ events$/);
  refused(t, ['trace', trace, '--from', 'soon'], /^kyb: --from: invalid duration "soon"/);
});
