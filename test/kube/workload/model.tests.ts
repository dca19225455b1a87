// The process model as the container actor drives it: the docs' manifests, servers and their
// HTTP/TCP answers, exec probes against the process's files, OOM timing, SIGTERM and SIGKILL.

import test from 'ava';
import { workloadModel as m } from '../../../actors/container-runtime/workload/index.ts';
import { drive, events, seeded, sigkill, sigterm, spec, type Action } from './drive.ts';
import type { ProcessState } from '../../../actors/container-runtime/workload/process.ts';

const Mi = 1024 * 1024;
const P = 'sim.kybernetes.io/';
const probe = (results: unknown[], f: (st: ProcessState, at: number) => unknown): Action => (st, at) => {
  results.push(f(st, at));
};

test("busybox `sleep 3600` ignores SIGTERM as PID 1: only the SIGKILL after the grace period ends it, 137", (t) => {
  const r = drive(spec({ command: ['sleep', '3600'] }), 3_600_000, [[1000, sigterm], [31_000, sigkill]]);
  t.like(r.exit, { at: 31_000, exitCode: 137, reason: 'Error' });
  const shell = drive(spec({ command: ['sh', '-c', 'echo Hello Kubernetes! && sleep 3600'] }), 3_600_000, [[1000, sigterm], [31_000, sigkill]]);
  t.like(shell.exit, { at: 31_000, exitCode: 137 });
});

test('a TERM trap runs after the foreground sleep, at once during `wait`', (t) => {
  const fg = drive(spec({ command: ['sh', '-c', "trap 'echo bye; exit 0' TERM; sleep 10; echo after"] }), 60_000, [[2000, sigterm]]);
  t.deepEqual(fg.logs, ['bye']);
  t.like(fg.exit, { at: 10_000, exitCode: 0, reason: 'Completed' });
  const wait = drive(spec({ command: ['sh', '-c', 'trap "echo stopping; exit 3" SIGTERM; sleep infinity & wait'] }), 60_000, [[2000, sigterm]]);
  t.deepEqual(wait.logs, ['stopping']);
  t.like(wait.exit, { at: 2000, exitCode: 3, reason: 'Error' });
});

test("nginx: listens after its startup, serves the welcome page, 404 elsewhere, health paths 200; SIGTERM stops it quickly with 0", (t) => {
  const answers: unknown[] = [];
  const at = (ms: number, path: string, port = 80): [number, Action] => [ms, probe(answers, (st) => m.http(st, port, 'GET', path, ms))];
  const r = drive(spec({ image: 'nginx:1.14.2', ports: [80] }), 60_000, [
    at(10, '/'), at(1000, '/'), at(1001, '/missing'), at(1002, '/healthz'), at(1003, '/', 8080), [2000, sigterm], at(2001, '/'),
  ]);
  t.deepEqual(answers[0], { kind: 'refused' });
  t.like(answers[1], { kind: 'response', status: 200, latencyMs: 1 });
  t.regex((answers[1] as { body: string }).body, /<title>Welcome to nginx!<\/title>/);
  t.like(answers[2], { status: 404 });
  t.like(answers[3], { status: 200 });
  t.deepEqual(answers[4], { kind: 'refused' });
  t.deepEqual(answers[5], { kind: 'refused' });
  t.like(r.exit, { at: 2100, exitCode: 0, reason: 'Completed' });
  t.true(r.logs.includes('/docker-entrypoint.sh: Configuration complete; ready for start up'));
});

test('startup time: the image default varies ±20% with the seed, an annotation is exact', (t) => {
  const listenAt = (seed: number, annotations = {}) => drive(spec({ image: 'nginx', annotations }), 10_000, [], seeded(seed)).outputs.find((o) => o.output.kind === 'log')!.at;
  const defaults = [1, 2, 3, 4, 5, 6].map((s) => listenAt(s));
  t.true(defaults.every((ms) => ms >= 120 && ms <= 180), String(defaults));
  t.true(new Set(defaults).size > 1);
  t.is(listenAt(1), listenAt(1));
  t.is(listenAt(3, { [`${P}startup-time`]: '5s' }), 5000);
});

test('readiness-delay answers 503 after listening; fail-probes-after answers 500 from then on; TCP still connects', (t) => {
  const s0 = m.start(spec({ image: 'hashicorp/http-echo', args: ['-text=hi'], annotations: { [`${P}startup-time`]: '1s', [`${P}readiness-delay`]: '2s', [`${P}fail-probes-after`]: '10s' } }), 0, seeded(1)).state;
  t.deepEqual(m.http(s0, 5678, 'GET', '/', 500), { kind: 'refused' });
  t.false(m.tcp(s0, 5678, 500));
  t.like(m.http(s0, 5678, 'GET', '/', 1500), { status: 503 });
  t.true(m.tcp(s0, 5678, 1500));
  t.like(m.http(s0, 5678, 'GET', '/', 3000), { status: 200, body: 'hi\n' });
  t.like(m.http(s0, 5678, 'GET', '/', 10_000), { status: 500 });
  t.true(m.tcp(s0, 5678, 10_000));
});

test("agnhost liveness (the docs' liveness-HTTP example): /healthz 200 for 10 s, then 500", (t) => {
  const s0 = m.start(spec({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.40', args: ['liveness'] }), 0, seeded(1)).state;
  t.like(m.http(s0, 8080, 'GET', '/healthz', 3000), { status: 200, body: 'ok' });
  t.like(m.http(s0, 8080, 'GET', '/healthz', 10_000), { status: 200 });
  t.like(m.http(s0, 8080, 'GET', '/healthz', 12_000), { status: 500, body: 'error: 12' });
});

test('servers answer on their own ports and on declared ones; non-HTTP ports connect but refuse HTTP', (t) => {
  const redis = m.start(spec({ image: 'redis', ports: [7000] }), 0, seeded(1)).state;
  t.true(m.tcp(redis, 6379, 1000));
  t.true(m.tcp(redis, 7000, 1000));
  t.false(m.tcp(redis, 80, 1000));
  t.deepEqual(m.http(redis, 6379, 'GET', '/', 1000), { kind: 'refused' });
  const coredns = m.start(spec({ image: 'registry.k8s.io/coredns/coredns:v1.11.3', args: ['-conf', '/etc/coredns/Corefile'] }), 0, seeded(1)).state;
  t.like(m.http(coredns, 8080, 'GET', '/health', 2000), { status: 200, body: 'OK' });
  t.like(m.http(coredns, 8181, 'GET', '/ready', 2000), { status: 200 });
  t.true(m.tcp(coredns, 53, 2000));
  const netexec = m.start(spec({ image: 'registry.k8s.io/e2e-test-images/agnhost:2.47', args: ['netexec', '--http-port=8081'], env: { HOSTNAME: 'pod-a' } }), 0, seeded(1)).state;
  t.like(m.http(netexec, 8081, 'GET', '/hostname', 1000), { status: 200, body: 'pod-a' });
  t.like(m.http(netexec, 8081, 'GET', '/echo?msg=hello', 1000), { body: 'hello' });
  const hello = m.start(spec({ image: 'gcr.io/google-samples/hello-app:2.0', env: { HOSTNAME: 'web-1' } }), 0, seeded(1)).state;
  t.like(m.http(hello, 8080, 'HEAD', '/', 1000), { status: 200, body: '' });
  t.like(m.http(hello, 8080, 'GET', '/', 1000), { body: 'Hello, world!\nVersion: 2.0.0\nHostname: web-1\n' });
});

test('an unknown image runs as a generic server on its declared ports (or 8080) and says so', (t) => {
  const r = drive(spec({ image: 'myorg/app:v2', ports: [9000] }), 5000);
  t.deepEqual(events(r).map((e) => [e.type, e.reason]), [['Warning', 'UnknownImage']]);
  t.true(m.tcp(r.state, 9000, 5000));
  t.like(m.http(r.state, 9000, 'GET', '/anything', 5000), { status: 200 });
  t.true(m.tcp(drive(spec({ image: 'myorg/app:v2' }), 5000).state, 8080, 5000));
  const cmd = drive(spec({ image: 'myorg/tool', command: ['sh', '-c', 'exit 4'] }), 5000);
  t.like(cmd.exit, { exitCode: 4 });
  t.regex(events(cmd)[0]!.message, /running its command/);
});

test('the argv: command replaces entrypoint and cmd, args alone replace cmd; interpreters with no stdin end at once', (t) => {
  t.like(drive(spec({ image: 'busybox' }), 1000).exit, { at: 0, exitCode: 0, reason: 'Completed' });
  t.like(drive(spec({ image: 'ubuntu' }), 1000).exit, { exitCode: 0 });
  t.like(drive(spec({ image: 'node:22' }), 1000).exit, { exitCode: 0 });
  t.like(drive(spec({ image: 'nginx', args: ['sleep', '1'] }), 5000).exit, { at: 1000, exitCode: 0 });
  t.like(drive(spec({ image: 'nginx', command: ['foo'] }), 5000).exit, { at: 0, exitCode: 128, reason: 'Error' });
  t.regex(drive(spec({ image: 'nginx', command: ['foo'] }), 5000).exit!.message!, /exec: "foo": executable file not found in \$PATH/);
  t.like(drive(spec({ image: 'postgres:16' }), 5000).exit, { exitCode: 1 });
  t.is(drive(spec({ image: 'postgres:16', env: { POSTGRES_PASSWORD: 'x' } }), 5000).exit, undefined);
  t.like(drive(spec({ image: 'curlimages/curl' }), 5000).exit, { exitCode: 2 });
  t.like(drive(spec({ image: 'busybox', command: ['sh', '/scripts/run.sh'], files: { '/scripts/run.sh': 'echo from file\nexit 5\n' } }), 5000), { logs: ['from file'], exit: { exitCode: 5 } });
});

test("the Jobs docs' perl pi prints 2000 digits and completes after a few seconds", (t) => {
  const r = drive(spec({ image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }), 60_000);
  t.is(r.logs.length, 1);
  t.true(r.logs[0]!.startsWith('3.14159265358979323846264338327950288'));
  t.true(r.logs[0]!.endsWith('4780275901'));
  t.is(r.logs[0]!.length, 2001);
  t.like(r.exit, { exitCode: 0, reason: 'Completed' });
  t.true(r.exit!.at >= 4000 && r.exit!.at <= 6000, String(r.exit!.at));
});

test("the docs' liveness-exec: `cat /tmp/healthy` succeeds for 30 s, then fails; exec writes are not kept", (t) => {
  const results: unknown[] = [];
  const cat: Action = (st, at) => {
    results.push(m.exec(st, ['cat', '/tmp/healthy'], at));
  };
  drive(spec({ args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'] }), 700_000, [[5000, cat], [29_999, cat], [35_000, cat]]);
  t.like(results[0], { exitCode: 0, durationMs: 0 });
  t.like(results[1], { exitCode: 0 });
  t.like(results[2], { exitCode: 1, stderr: "cat: can't open '/tmp/healthy': No such file or directory\n" });
  const st = m.start(spec({ command: ['sleep', '100'] }), 0, seeded(1)).state;
  t.is(m.exec(st, ['sh', '-c', 'touch /x && cat /x && echo yes'], 10).exitCode, 0);
  t.is(m.exec(st, ['cat', '/x'], 20).exitCode, 1);
});

test('exec: its sleeps take virtual time; missing programs, unsupported ones and stopped containers fail as the runtime says', (t) => {
  const st = m.start(spec({ image: 'nginx', env: { A: 'b' } }), 0, seeded(1)).state;
  t.deepEqual(m.exec(st, ['sh', '-c', 'sleep 2; echo $A; exit 3'], 100), { exitCode: 3, stdout: 'b\n', stderr: '', durationMs: 2000 });
  t.like(m.exec(st, ['sleep', 'infinity'], 100), { exitCode: 137 });
  t.true(m.exec(st, ['sleep', 'infinity'], 100).durationMs > 3_600_000);
  t.like(m.exec(st, ['redis-cli', 'ping'], 100), { exitCode: 126 });
  t.regex(m.exec(st, ['redis-cli', 'ping'], 100).stderr, /OCI runtime exec failed: .*"redis-cli": executable file not found in \$PATH/);
  t.like(m.exec(st, ['wget', '-qO-', 'localhost'], 100), { exitCode: 126 });
  const done = m.start(spec({ command: ['true'] }), 0, seeded(1)).state;
  t.like(m.exec(done, ['true'], 1), { exitCode: 126 });
});

test('memory growth OOM-kills at the moment the working set reaches the limit', (t) => {
  const s = spec({ image: 'nginx', memoryLimitBytes: 100 * Mi, annotations: { [`${P}memory-growth`]: '10Mi', [`${P}memory-baseline`]: '20Mi' } });
  const r = drive(s, 60_000);
  t.like(r.exit, { at: 8000, exitCode: 137, reason: 'OOMKilled' });
  const st = m.start(s, 0, seeded(1)).state;
  t.is(m.memoryBytes(st, 0), 20 * Mi);
  t.is(m.memoryBytes(st, 4000), 60 * Mi);
  t.is(m.memoryBytes(st, 60_000), 100 * Mi);
  t.is(m.memoryBytes(r.state, 9000), 0);
  t.like(drive(spec({ image: 'nginx', memoryLimitBytes: 4 * Mi }), 1000).exit, { at: 0, reason: 'OOMKilled' });
  t.is(drive(spec({ image: 'nginx', annotations: { [`${P}memory-growth`]: '10Mi' } }), 600_000).exit, undefined);
  t.like(drive(spec({ command: ['sleep', '3600'], memoryLimitBytes: 10 * Mi, annotations: { [`${P}memory-growth.main`]: '1Mi' } }), 600_000).exit, { reason: 'OOMKilled' });
});

test('crash-after exits with exit-code (default 1); exit-code 0 completes', (t) => {
  t.like(drive(spec({ image: 'nginx', annotations: { [`${P}crash-after`]: '30s' } }), 60_000).exit, { at: 30_000, exitCode: 1, reason: 'Error' });
  t.like(drive(spec({ image: 'nginx', annotations: { [`${P}crash-after`]: '2s', [`${P}exit-code`]: '0' } }), 60_000).exit, { at: 2000, exitCode: 0, reason: 'Completed' });
  t.like(drive(spec({ command: ['sleep', '3600'], annotations: { [`${P}crash-after`]: '5s', [`${P}exit-code`]: '42' } }), 60_000).exit, { at: 5000, exitCode: 42 });
});

const STOPS: readonly [string, Partial<Parameters<typeof spec>[0]>, number | null, number][] = [
  ['pause', { image: 'registry.k8s.io/pause:3.10' }, 1000, 0],
  ['nginx', { image: 'nginx' }, 1100, 0],
  ['coredns (lameduck 5s)', { image: 'registry.k8s.io/coredns/coredns:v1.11.3' }, 6000, 0],
  ['hello-app (Go, no handler: exits 2)', { image: 'gcr.io/google-samples/hello-app:1.0' }, 1000, 2],
  ['python http.server (no handler as PID 1)', { image: 'python:3.12', command: ['python', '-m', 'http.server', '8000'] }, null, 137],
  ['perl', { image: 'perl', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(200000)'] }, null, 137],
  ['stop-time 3s', { image: 'nginx', annotations: { [`${P}stop-time`]: '3s' } }, 4000, 0],
  ['stop-time never', { image: 'nginx', annotations: { [`${P}stop-time`]: 'never' } }, null, 137],
];

for (const [name, s, exitAt, code] of STOPS) {
  test(`SIGTERM at 1 s, SIGKILL at 31 s: ${name}`, (t) => {
    const r = drive(spec(s), 3_600_000, [[1000, sigterm], [31_000, sigkill]]);
    t.like(r.exit, { at: exitAt ?? 31_000, exitCode: code });
  });
}

test('after the exit nothing happens: no wake, no answers, signals are no-ops', (t) => {
  const r = drive(spec({ command: ['sh', '-c', 'exit 0'] }), 1000);
  const after = m.signal(r.state, 'SIGKILL', 2000, seeded(1));
  t.deepEqual(after.outputs, []);
  t.is(after.wakeAt, null);
  t.is(m.advance(r.state, 5000, seeded(1)).wakeAt, null);
  t.false(m.tcp(r.state, 80, 5000));
});

test('a late advance catches up exactly: outputs stamped by the script, wakeAt always ahead', (t) => {
  const st = m.start(spec({ command: ['sh', '-c', 'while true; do date +%s; sleep 1; done'] }), 0, seeded(1)).state;
  const step = m.advance(st, 3500, seeded(1));
  t.deepEqual(step.outputs.map((o) => (o.kind === 'log' ? o.line : '')), ['1767225601', '1767225602', '1767225603']);
  t.is(step.wakeAt, 4000);
});
