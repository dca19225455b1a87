// The shell interpreter, construct by construct: what a script logs, when (virtual ms), and how
// it exits, run as `sh -c SCRIPT` in a busybox container.

import test from 'ava';
import { drive, events, spec } from './drive.ts';
import { parse } from '../../../actors/container-runtime/workload/shell/parser.ts';

const HOUR = 3_600_000;

interface Case {
  readonly script: string;
  readonly logs: readonly string[];
  /** The exit code and when; undefined: still running at the horizon. */
  readonly exit?: readonly [number, number];
  readonly env?: Record<string, string>;
  readonly files?: Record<string, string>;
  /** The horizon, when not two hours. */
  readonly until?: number;
}

const CASES: readonly Case[] = [
  { script: 'true', logs: [], exit: [0, 0] },
  { script: 'false', logs: [], exit: [1, 0] },
  { script: 'exit 1', logs: [], exit: [1, 0] },
  { script: 'exit 300', logs: [], exit: [44, 0] },
  { script: 'exit -1', logs: [], exit: [255, 0] },
  { script: 'false; exit', logs: [], exit: [1, 0] },
  { script: 'echo hi; false', logs: ['hi'], exit: [1, 0] },
  { script: 'sleep 5; exit 1', logs: [], exit: [1, 5000] },
  { script: 'sleep 0.25; echo a; sleep .5; echo b', logs: ['a', 'b'], exit: [0, 750] },
  { script: 'sleep 1m; sleep 1 1', logs: [], exit: [0, 62_000] },
  { script: 'sleep 3600', logs: [], exit: [0, HOUR] },
  { script: 'sleep infinity', logs: [] },
  { script: 'sleep', logs: ['!sleep: missing operand'], exit: [1, 0] },
  { script: 'sleep abc; echo $?', logs: ["!sleep: invalid number 'abc'", '1'], exit: [0, 0] },
  { script: 'echo Hello Kubernetes! && sleep 3600', logs: ['Hello Kubernetes!'], exit: [0, HOUR] },
  { script: 'echo The app is running! && sleep 3600', logs: ['The app is running!'], exit: [0, HOUR] },
  { script: 'false && echo no; true || echo no; false || echo yes', logs: ['yes'], exit: [0, 0] },
  { script: 'echo "$GREETING, ${NAME}!" \'$NAME\' $MISSING.', env: { GREETING: 'Hello', NAME: 'pod' }, logs: ['Hello, pod! $NAME .'], exit: [0, 0] },
  { script: 'echo ${UNSET:-fallback} ${NAME:+set}', env: { NAME: 'x' }, logs: ['fallback set'], exit: [0, 0] },
  { script: 'echo -n "a  b"; echo "c\\"d"', logs: ['a  b', 'c"d'], exit: [0, 0] },
  { script: 'X=1; X=$((X+41)); echo $X $((7/2)) $((7%3)) $((2*(3+4)))', logs: ['42 3 1 14'], exit: [0, 0] },
  { script: 'for i in 1 2 3; do echo item $i; done', logs: ['item 1', 'item 2', 'item 3'], exit: [0, 0] },
  { script: 'for i in $(seq 1 3); do echo $i; sleep 1; done', logs: ['1', '2', '3'], exit: [0, 3000] },
  { script: 'L="a b c"; for w in $L; do echo $w; done; for w in "$L"; do echo $w; done', logs: ['a', 'b', 'c', 'a b c'], exit: [0, 0] },
  { script: 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); sleep 2; done; echo done', logs: ['0', '1', '2', 'done'], exit: [0, 6000] },
  { script: 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i', logs: ['2'], exit: [0, 0] },
  { script: 'while true; do echo tick; sleep 10; done', logs: ['tick', 'tick', 'tick', 'tick'], until: 35_000 },
  { script: 'for i in 1 2 3 4; do if [ $i = 3 ]; then break; fi; echo $i; done', logs: ['1', '2'], exit: [0, 0] },
  { script: 'for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done', logs: ['1', '3'], exit: [0, 0] },
  { script: 'if [ -f /etc/config/app ]; then echo found; elif true; then echo elif; else echo no; fi', logs: ['elif'], exit: [0, 0] },
  { script: 'if cat /etc/config/app; then echo; fi', files: { '/etc/config/app': 'k=v\n' }, logs: ['k=v', ''], exit: [0, 0] },
  { script: '! false && echo negated', logs: ['negated'], exit: [0, 0] },
  { script: '{ echo a; echo b; }', logs: ['a', 'b'], exit: [0, 0] },
  { script: 'echo one\necho two # a comment\n\n', logs: ['one', 'two'], exit: [0, 0] },
  { script: 'cat /nope', logs: ["!cat: can't open '/nope': No such file or directory"], exit: [1, 0] },
  { script: 'foo --bar', logs: ['!sh: foo: not found'], exit: [127, 0] },
  { script: 'foo; echo $?', logs: ['!sh: foo: not found', '127'], exit: [0, 0] },
  { script: 'echo err >&2; echo out 2>/dev/null; echo quiet >/dev/null', logs: ['!err', 'out'], exit: [0, 0] },
  { script: 'cat /nope 2>&1', logs: ["cat: can't open '/nope': No such file or directory"], exit: [1, 0] },
  { script: 'date', logs: ['Thu Jan  1 00:00:00 UTC 2026'], exit: [0, 0] },
  { script: 'sleep 3723; date +%F_%T; date -u +%s', logs: ['2026-01-01_01:02:03', '1767229323'], exit: [0, 3_723_000] },
  { script: 'hostname; echo $HOSTNAME', env: { HOSTNAME: 'web-0' }, logs: ['web-0', 'web-0'], exit: [0, 0] },
  { script: 'export B=2; env', env: { A: '1' }, logs: ['A=1', 'B=2', 'HOSTNAME=main'], exit: [0, 0] },
  { script: 'printenv A; printenv NOPE; echo $?', env: { A: '1' }, logs: ['1', '1'], exit: [0, 0] },
  { script: 'printf "%s=%d\\n" a 5', logs: ['a=5'], exit: [0, 0] },
  { script: 'mkdir -p /data/x && touch /data/x/f && [ -d /data/x ] && [ -f /data/x/f ] && rm -f /data/x/f && [ ! -e /data/x/f ] && echo ok', logs: ['ok'], exit: [0, 0] },
  { script: 'rm /nope', logs: ["!rm: can't remove '/nope': No such file or directory"], exit: [1, 0] },
  { script: 'echo a > /f; echo b >> /f; cat /f; echo c > /f; cat /f', logs: ['a', 'b', 'c'], exit: [0, 0] },
  { script: 'tail -f /dev/null', logs: [] },
  { script: 'exec sleep 2', logs: [], exit: [0, 2000] },
  { script: 'sleep 5 & echo started; wait; echo waited', logs: ['started', 'waited'], exit: [0, 5000] },
  { script: 'echo $0 $1 $#', logs: ['sh 0'], exit: [0, 0] },
  { script: 'echo "unterminated', logs: ['!sh: syntax error: unterminated quoted string'], exit: [2, 0] },
  { script: 'while true; do echo x', logs: ['!sh: syntax error: unexpected end of file (expecting "done")'], exit: [2, 0] },
  { script: 'fi', logs: ['!sh: syntax error: unexpected "fi"'], exit: [2, 0] },
  { script: 'echo $((1/0))', logs: ['!sh: divide by zero'], exit: [2, 0] },
];

for (const c of CASES) {
  test(`sh -c ${JSON.stringify(c.script)}`, (t) => {
    const r = drive(spec({ command: ['sh', '-c', c.script], env: c.env ?? {}, files: c.files ?? {} }), c.until ?? 2 * HOUR);
    t.deepEqual(r.logs, c.logs);
    if (c.exit === undefined) t.is(r.exit, undefined);
    else t.like(r.exit, { exitCode: c.exit[0], at: c.exit[1], reason: c.exit[0] === 0 ? 'Completed' : 'Error' });
  });
}

test('writes to a file are write outputs with the whole content after each write', (t) => {
  const r = drive(spec({ command: ['sh', '-c', 'echo line1 >> /var/log/app.log; sleep 1; echo line2 >> /var/log/app.log'] }), 10_000);
  const writes = r.outputs.filter((o) => o.output.kind === 'write').map((o) => [o.at, o.output]);
  t.deepEqual(writes, [
    [0, { kind: 'write', path: '/var/log/app.log', content: 'line1\n' }],
    [1000, { kind: 'write', path: '/var/log/app.log', content: 'line1\nline2\n' }],
  ]);
});

test("the docs' counter: one line a second, numbered, with the virtual date", (t) => {
  const r = drive(spec({ command: ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'] }), 2500);
  t.deepEqual(r.logs, ['0: Thu Jan  1 00:00:00 UTC 2026', '1: Thu Jan  1 00:00:01 UTC 2026', '2: Thu Jan  1 00:00:02 UTC 2026']);
});

const UNSUPPORTED: readonly [string, string][] = [
  ['until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done', 'nslookup'],
  ['wget -qO- http://web', 'wget'],
  ['echo start; sleep 1; curl http://x', 'curl'],
  ['ls | wc -l', "pipe '|'"],
  ['(cd /tmp)', "subshell '( … )'"],
  ['case $x in a) echo a;; esac', "'case'"],
  ['f() { echo; }', 'function definitions'],
  ['cat <<EOF\nx\nEOF', "here-documents '<<'"],
  ['echo `date`', 'backquote command substitution (use $(...))'],
];

for (const [script, what] of UNSUPPORTED) {
  test(`unsupported: ${what} gives an UnsupportedCommand event and exit 126`, (t) => {
    const r = drive(spec({ command: ['sh', '-c', script] }), 60_000);
    t.like(r.exit, { exitCode: 126, reason: 'Error', message: `sim: ${what} is not supported by the workload model` });
    t.deepEqual(events(r).map((e) => e.reason), ['UnsupportedCommand']);
    t.true(r.logs.includes(`!sim: ${what} is not supported by the workload model`));
  });
}

test('the unsupported command is reached in order: what runs before it runs', (t) => {
  const r = drive(spec({ command: ['sh', '-c', 'echo start; sleep 1; curl http://x'] }), 60_000);
  t.deepEqual(r.logs.slice(0, 1), ['start']);
  t.is(r.exit?.at, 1000);
});

test('a loop that never sleeps is cut off after 10000 commands: a BusyLoop event, and the process keeps running silently', (t) => {
  const r = drive(spec({ command: ['sh', '-c', 'while true; do echo spin; done'] }), HOUR);
  t.is(r.exit, undefined);
  t.deepEqual(events(r).map((e) => e.reason), ['BusyLoop']);
  t.true(r.logs.length > 1000 && r.logs.length < 10_000);
  t.is(r.steps[r.steps.length - 1]!.wakeAt, null);
});

test('the parser keeps reserved words as arguments where they are not commands', (t) => {
  const p = parse('echo done then fi');
  t.true(p.ok);
});
