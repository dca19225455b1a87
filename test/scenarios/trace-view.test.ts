import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import type { TraceEvent, TraceEventType, TraceHeader } from '../../runtime/trace/event.ts';
import { TraceReader, TraceWriter } from '../../runtime/trace/trace-file.ts';
import { explainPod } from '../../scenarios/cli/pod-explain.ts';
import { RESULT_ANNOTATIONS } from '../../actors/kube-scheduler/framework/explain.ts';
import {
  type ChromeTrace,
  compileFilter,
  explain,
  filterEvents,
  formatText,
  globToRegExp,
  toChrome,
  toJsonLine,
  toMermaid,
} from '../../scenarios/cli/trace-view.ts';

function ev(
  seq: number,
  time: number,
  type: TraceEventType,
  actor: string,
  more: { peer?: string; messageType?: string; cause?: number; detail?: unknown; payload?: unknown } = {},
): TraceEvent {
  return {
    seq,
    time,
    type,
    actor,
    peer: more.peer ?? '',
    messageType: more.messageType ?? '',
    payload: more.payload,
    cause: more.cause ?? -1,
    detail: more.detail,
  };
}

// A ping that crosses from host left to host right, a pong lost on the way back, a retry timer
// whose handler crashes, and events elsewhere in the tree.
const trace: readonly TraceEvent[] = [
  ev(0, 0, 'external', '', { detail: { step: 'send', to: '/left/pinger', type: 'start' } }),
  ev(1, 0, 'send', '', { peer: '/left/pinger', messageType: 'start', cause: 0, detail: 0, payload: { type: 'start' } }),
  ev(2, 0, 'deliver', '/left/pinger', { messageType: 'start', cause: 1 }),
  ev(3, 0, 'send', '/left/pinger', { peer: '/right/ponger', messageType: 'ping', cause: 2, detail: 1, payload: { type: 'ping', id: 1 } }),
  ev(4, 1.25, 'arrive', '/right/ponger', { peer: '/left/pinger', messageType: 'ping', cause: 3 }),
  ev(5, 1.25, 'deliver', '/right/ponger', { messageType: 'ping', cause: 4 }),
  ev(6, 1.25, 'send', '/right/ponger', { peer: '/left/pinger', messageType: 'pong', cause: 5, detail: 1, payload: { type: 'pong', id: 1 } }),
  ev(7, 1.25, 'drop', '/right/ponger', { peer: '/left/pinger', messageType: 'pong', cause: 6, detail: 'loss' }),
  ev(8, 40, 'timer', '/left/pinger', { messageType: 'retry', detail: 'retry' }),
  ev(9, 40, 'deliver', '/left/pinger', { messageType: 'retry', cause: 8 }),
  ev(10, 40, 'crash', '/left/pinger', { messageType: 'retry', cause: 9, detail: { error: 'gave up', during: 'receive' } }),
  ev(11, 40, 'status', '/left/pinger', { cause: 9, detail: { status: 'backing-off', restarts: 0 } }),
  ev(12, 50, 'spawn', '/left/deep/worker', { detail: { kind: 'worker', spec: true } }),
];

const seqs = (events: Iterable<TraceEvent>) => [...events].map((e) => e.seq);

/** Yields the events and fails the test if anything reads past `last`. */
function* strict(events: readonly TraceEvent[], last: number): Generator<TraceEvent> {
  for (const e of events) {
    if (e.seq > last + 1) throw new Error(`read past #${last + 1}: #${e.seq}`);
    yield e;
  }
}

// ---- globs and filters -----------------------------------------------------------------------

test('glob: * stays within a segment, ** crosses segments, /**/ also matches no segment', (t) => {
  const one = globToRegExp('/left/*');
  t.true(one.test('/left/pinger'));
  t.false(one.test('/left/deep/worker'));
  t.false(one.test('/right/ponger'));
  t.false(one.test('/left'));

  const deep = globToRegExp('/**/ponger');
  t.true(deep.test('/right/ponger'));
  t.true(deep.test('/a/b/c/ponger'));
  t.true(deep.test('/ponger'));
  t.false(deep.test('/right/ponger2'));
  t.false(deep.test('/right/pinger'));

  const under = globToRegExp('/left/**');
  t.true(under.test('/left/pinger'));
  t.true(under.test('/left/deep/worker'));
  t.false(under.test('/leftover/x'));

  t.true(globToRegExp('/left/p?nger').test('/left/pinger'));
  t.false(globToRegExp('/left/p?nger').test('/left/p/nger'));
  // Regex metacharacters are literal.
  t.true(globToRegExp('/$ask/1.x').test('/$ask/1.x'));
  t.false(globToRegExp('/$ask/1.x').test('/$ask/12x'));
});

test('actor filter: /left/* keeps events whose actor or peer matches, in order', (t) => {
  t.deepEqual(seqs(filterEvents(trace, { actor: '/left/*' })), [1, 2, 3, 4, 6, 7, 8, 9, 10, 11]);
  // #6 is a send by /right/ponger: kept only because its peer is /left/pinger.
  t.true(seqs(filterEvents(trace, { actor: '/left/pinger' })).includes(6));
});

test('actor filter: /**/ponger, an exact path, and outside for the outside world', (t) => {
  t.deepEqual(seqs(filterEvents(trace, { actor: '/**/ponger' })), [3, 4, 5, 6, 7]);
  t.deepEqual(seqs(filterEvents(trace, { actor: '/left/deep/worker' })), [12]);
  t.deepEqual(seqs(filterEvents(trace, { actor: '/left' })), []);
  t.deepEqual(seqs(filterEvents(trace, { actor: 'outside' })), [0, 1]);
});

test('type filter: one type, a comma list, and an unknown type is a one-line error', (t) => {
  t.deepEqual(seqs(filterEvents(trace, { type: 'deliver' })), [2, 5, 9]);
  t.deepEqual(seqs(filterEvents(trace, { type: 'send,drop' })), [1, 3, 6, 7]);
  const err = t.throws(() => compileFilter({ type: 'sned' }));
  t.regex(err.message, /^--type: unknown event type "sned": must be one of spawn, .*fsync$/);
  t.false(err.message.includes('\n'));
  t.throws(() => [...filterEvents(trace, { type: 'send,bogus' })], { message: /"bogus"/ });
});

test('time filter: from and to are inclusive, combine with the others, and reading stops after to', (t) => {
  t.deepEqual(seqs(filterEvents(trace, { from: 1.25, to: 40 })), [4, 5, 6, 7, 8, 9, 10, 11]);
  t.deepEqual(seqs(filterEvents(trace, { from: 40 })), [8, 9, 10, 11, 12]);
  t.deepEqual(seqs(filterEvents(trace, { to: 0 })), [0, 1, 2, 3]);
  t.deepEqual(seqs(filterEvents(trace, { from: 1, to: 40, type: 'deliver', actor: '/left/*' })), [9]);
  // The first event past `to` (#4 at 1.25ms) is the last one read.
  t.deepEqual(seqs(filterEvents(strict(trace, 3), { to: 1 })), [0, 1, 2, 3]);
  t.throws(() => compileFilter({ from: 2000, to: 1000 }), { message: '--from 2s is after --to 1s: no event can match' });
});

test('an empty filter keeps everything', (t) => {
  t.deepEqual(seqs(filterEvents(trace, {})), trace.map((e) => e.seq));
  t.deepEqual(seqs(filterEvents(trace, { actor: undefined, type: undefined, from: undefined, to: undefined })), seqs(trace));
});

// ---- text ------------------------------------------------------------------------------------

test('formatText: seq, time, type, actor -> peer, message type, detail and cause', (t) => {
  t.is(formatText(trace[3]!), '#3 0.000ms send /left/pinger -> /right/ponger ping [remote] (cause #2)');
  t.is(formatText(trace[1]!), '#1 0.000ms send outside -> /left/pinger start (cause #0)');
  t.is(formatText(trace[4]!), '#4 1.250ms arrive /right/ponger <- /left/pinger ping (cause #3)');
  t.is(formatText(trace[7]!), '#7 1.250ms drop /right/ponger -> /left/pinger pong [loss] (cause #6)');
  t.is(formatText(trace[8]!), '#8 40.000ms timer /left/pinger retry');
  t.is(formatText(trace[10]!), '#10 40.000ms crash /left/pinger retry [gave up] (cause #9)');
  t.is(formatText(trace[11]!), '#11 40.000ms status /left/pinger [backing-off] (cause #9)');
  t.is(formatText(trace[0]!), '#0 0.000ms external outside [step=send to=/left/pinger type=start]');
  t.is(formatText(trace[12]!), '#12 50.000ms spawn /left/deep/worker [worker]');
});

test('formatText: stop reasons, dead letters, restarts, and details kept on one line', (t) => {
  t.is(formatText(ev(1, 2.5, 'stop', '/a', { detail: { reason: { kind: 'failed', error: 'bad\nthing', messageType: 'x' } } })), '#1 2.500ms stop /a [failed: bad\\nthing]');
  t.is(formatText(ev(2, 3, 'stop', '/a', { cause: 1, detail: { reason: { kind: 'shutdown' } } })), '#2 3.000ms stop /a [shutdown] (cause #1)');
  t.is(formatText(ev(3, 3, 'dead-letter', '/gone', { messageType: 'hi', cause: 2, detail: 'stopped' })), '#3 3.000ms dead-letter /gone hi [stopped] (cause #2)');
  t.is(formatText(ev(4, 3, 'restart', '/a', { detail: { kind: 'worker', incarnation: 2, restarts: 1 } })), '#4 3.000ms restart /a [worker, incarnation 2]');
  t.is(formatText(ev(5, 3, 'status', '/a', { detail: { status: 'running', restarts: 1 } })), '#5 3.000ms status /a [running, restarts 1]');
  t.is(formatText(ev(6, 3, 'checkpoint', '', { detail: { '/a': 1, '/b': 2 } })), '#6 3.000ms checkpoint outside [2 actors]');
  const long = formatText(ev(7, 0, 'crash', '/a', { messageType: 'm', detail: { error: 'x'.repeat(500) } }));
  t.true(long.length < 200);
  t.true(long.includes('…'));
});

test('toJsonLine: bigints and bytes in payloads become JSON', (t) => {
  const e = ev(0, 1, 'send', '/a', { peer: '/b', messageType: 'm', detail: 0, payload: { type: 'm', n: 12345678901234567890n, b: new Uint8Array([1, 2, 3]) } });
  t.deepEqual(JSON.parse(toJsonLine(e)).payload, { type: 'm', n: '12345678901234567890', b: { bytes: 'AQID' } });
  t.false(toJsonLine(e).includes('\n'));
});

// ---- explain ---------------------------------------------------------------------------------

test('explain: the chain of causes, root first, reading no further than the event', (t) => {
  const chain = explain(strict(trace, 7), 7);
  t.deepEqual(
    chain.map((e) => e.seq),
    [0, 1, 2, 3, 4, 5, 6, 7],
  );
  t.deepEqual(
    explain(trace, 11).map((e) => `${e.type}#${e.seq}`),
    ['timer#8', 'deliver#9', 'status#11'],
  );
  t.deepEqual(seqs(explain(trace, 0)), [0]);
});

test('explain: an event that is not there is a one-line error that says how many there are', (t) => {
  t.throws(() => explain(trace, 99), { message: 'no event 99: the trace has 13 events' });
  t.throws(() => explain([], 0), { message: 'no event 0: the trace has 0 events' });
});

test('explain: a cause that is missing or points forward ends the chain instead of looping', (t) => {
  const odd = [ev(0, 0, 'deliver', '/a', { cause: 5 }), ev(1, 0, 'send', '/a', { peer: '/b', cause: 1 })];
  t.deepEqual(seqs(explain(odd, 0)), [0]);
  t.deepEqual(seqs(explain(odd, 1)), [1]);
});

// ---- chrome ----------------------------------------------------------------------------------

type CE = ChromeTrace['traceEvents'][number];

test('chrome: one named track per actor, numbered in order of first appearance', (t) => {
  const { traceEvents } = toChrome(trace);
  const names = traceEvents
    .filter((e) => e.ph === 'M' && e.name === 'thread_name')
    .map((e): [number, string] => [e.tid!, (e.args as { name: string }).name]);
  t.deepEqual(names, [
    [1, 'outside'],
    [2, '/left/pinger'],
    [3, '/right/ponger'],
    [4, '/left/deep/worker'],
  ]);
  t.true(traceEvents.every((e) => e.pid === 1));
  // Every event sits on its actor's track.
  const tidOf = new Map(names.map(([tid, name]) => [name === 'outside' ? '' : name, tid]));
  for (const e of trace) {
    const c = traceEvents.find((x) => (x.ph === 'X' || x.ph === 'i') && (x.args as { seq?: number })?.seq === e.seq);
    t.is(c?.tid, tidOf.get(e.actor), `#${e.seq}`);
  }
  // The same input gives the same output.
  t.deepEqual(toChrome(trace), toChrome(trace));
});

test('chrome: deliveries are complete slices in µs named by message type; the rest are instants', (t) => {
  const { traceEvents } = toChrome(trace);
  const slices = traceEvents.filter((e) => e.ph === 'X');
  t.deepEqual(
    slices.map((e) => [e.name, e.ts, e.dur, e.tid]),
    [
      ['start', 0, 1, 2],
      ['ping', 1250, 1, 3],
      ['retry', 40000, 1, 2],
    ],
  );
  const instants = traceEvents.filter((e) => e.ph === 'i');
  t.is(instants.length, trace.length - 3);
  t.true(instants.every((e) => e.s === 't'));
  const crash = instants.find((e) => (e.args as { seq: number }).seq === 10)!;
  t.is(crash.name, 'crash retry');
  t.is(crash.ts, 40000);
  t.deepEqual(crash.args!.detail, { error: 'gave up', during: 'receive' });
  t.notThrows(() => JSON.stringify(toChrome([ev(0, 0, 'send', '/a', { peer: '/b', messageType: 'm', payload: { n: 1n } })])));
});

test('chrome: flows follow each message: send → deliver, send → arrive → deliver, send → drop, timer → deliver', (t) => {
  const { traceEvents } = toChrome(trace);
  const starts = traceEvents.filter((e) => e.ph === 's');
  const finishes = traceEvents.filter((e) => e.ph === 'f');
  const pair = (id: number): [CE, CE] => {
    const s = starts.find((e) => e.id === id);
    const f = finishes.filter((e) => e.id === id);
    t.truthy(s, `flow ${id} starts`);
    t.is(f.length, 1, `flow ${id} finishes once`);
    return [s!, f[0]!];
  };
  // send #1 (outside, t=0) → deliver #2 (/left/pinger)
  let [s, f] = pair(1);
  t.like(s, { tid: 1, ts: 0 });
  t.like(f, { tid: 2, ts: 0, bp: 'e' });
  // send #3 (/left/pinger, 0µs) → arrive #4 (/right/ponger, 1250µs) → deliver #5
  [s, f] = pair(3);
  t.like(s, { tid: 2, ts: 0 });
  t.like(f, { tid: 3, ts: 1250, bp: 'e' });
  [s, f] = pair(4);
  t.like(s, { tid: 3, ts: 1250 });
  t.like(f, { tid: 3, ts: 1250 });
  // send #6 → drop #7 (on the sender's track); timer #8 → deliver #9
  [s, f] = pair(6);
  t.like(f, { tid: 3, ts: 1250 });
  [s, f] = pair(8);
  t.like(s, { tid: 2, ts: 40000 });
  // Flow ends pair with starts: same cat and name, and every finish has its start.
  for (const e of [...starts, ...finishes]) t.like(e, { cat: 'message', name: 'message' });
  t.true(finishes.every((x) => starts.some((y) => y.id === x.id)));
  // Each flow event comes right after the event it binds to (flow events aside), so that
  // Perfetto binds it to that slice and not to another one at the same time.
  const boundTo = (x: CE) => traceEvents.slice(0, traceEvents.indexOf(x)).findLast((e) => e.ph === 'X' || e.ph === 'i')!.args as { seq: number; cause?: number };
  for (const x of finishes) t.is(boundTo(x).cause, x.id!);
  for (const x of starts) t.is(boundTo(x).seq, x.id!);
});

test('chrome: a flow into an event whose cause was filtered out is not drawn', (t) => {
  const { traceEvents } = toChrome(trace.filter((e) => e.seq !== 3));
  t.false(traceEvents.some((e) => e.ph === 'f' && e.id === 3));
  t.true(traceEvents.some((e) => e.ph === 'f' && e.id === 4));
});

test('chrome: deliveries at the same instant on one actor do not nest', (t) => {
  const { traceEvents } = toChrome([
    ev(0, 5, 'deliver', '/a', { messageType: 'one' }),
    ev(1, 5, 'deliver', '/a', { messageType: 'two' }),
    ev(2, 5.0005, 'deliver', '/a', { messageType: 'three' }),
    ev(3, 9, 'deliver', '/a', { messageType: 'four' }),
  ]);
  const slices = traceEvents.filter((e) => e.ph === 'X');
  t.deepEqual(
    slices.map((e) => e.dur),
    [0, 5.0005 * 1000 - 5000, 1, 1],
  );
  for (let i = 1; i < slices.length; i++) t.true(slices[i - 1]!.ts! + slices[i - 1]!.dur! <= slices[i]!.ts!);
});

// ---- mermaid ---------------------------------------------------------------------------------

test('mermaid: participants aliased by path, one arrow per send, a loss as -x, a crash as a note', (t) => {
  const text = toMermaid(trace);
  t.is(
    text,
    [
      'sequenceDiagram',
      '  participant outside',
      '  participant p1 as /left/pinger',
      '  participant p2 as /right/ponger',
      '  outside->>p1: start',
      '  p1->>p2: ping',
      '  p2-xp1: pong (lost: loss)',
      '  Note over p1: crash on retry: gave up',
    ].join('\n'),
  );
  // Mermaid ids never carry a path.
  for (const line of text.split('\n').slice(1)) t.notRegex(line.replace(/ as .*$|: .*$/, ''), /\//);
});

test('mermaid: a message lost in flight gets a -x arrow from its sender after its send arrow', (t) => {
  const text = toMermaid([
    ev(0, 0, 'send', '/a/g', { peer: '/b/g', messageType: 'hb', detail: 1 }),
    ev(1, 0, 'send', '/a/g', { peer: '/c/g', messageType: 'hb', detail: 1 }),
    ev(2, 0.2, 'arrive', '/c/g', { peer: '/a/g', messageType: 'hb', cause: 1 }),
    ev(3, 0.3, 'drop', '/a/g', { peer: '/b/g', messageType: 'hb', cause: 0, detail: 'partition' }),
    ev(4, 0.4, 'drop', '/y', { peer: '/z', messageType: 'hb', cause: 77, detail: 'host-down' }),
    ev(5, 0.5, 'dead-letter', '/gone', { messageType: 'x', detail: 'stopped' }),
  ]);
  t.deepEqual(text.split('\n').slice(7), [
    '  p1->>p2: hb',
    '  p1->>p3: hb',
    '  p1-xp2: hb (lost in flight: partition)',
    '  p4-xp5: hb (lost in flight: host-down)',
    '  Note over p6: dead letter x: stopped',
  ]);
});

test('mermaid: after the limit, a note counts the arrows left out', (t) => {
  const many = Array.from({ length: 10 }, (_, i) => ev(i, i, 'send', i % 2 === 0 ? '/a' : '/b', { peer: i % 2 === 0 ? '/b' : '/a', messageType: `m${i}` }));
  const lines = toMermaid(many, 3).split('\n');
  t.is(lines.filter((l) => l.includes('->>')).length, 3);
  t.true(lines.includes('  p1->>p2: m0'));
  t.false(lines.some((l) => l.includes('m3')));
  t.is(lines.at(-1), '  Note over p1,p2: 7 more arrows left out (limit 3)');
  t.false(toMermaid(many).includes('left out'));
  t.is(toMermaid(many, 0).split('\n').at(-1), '  Note over outside: 10 more arrows left out (limit 0)');
  t.throws(() => toMermaid(many, -1), { message: /invalid limit/ });
});

test('mermaid: text that would break the diagram is escaped', (t) => {
  const text = toMermaid([ev(0, 0, 'send', '/a;b#c:d', { peer: '/e', messageType: 'x;y#z\nw' })]);
  t.true(text.includes('participant p1 as /a#59;b#35;c#58;d'));
  t.true(text.includes('p1->>p2: x#59;y#35;z w'));
});

// ---- a real file -----------------------------------------------------------------------------

test('round trip: events written with TraceWriter read back with TraceReader and filter the same', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kyb-trace-view-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'run.kybtrace');
  const header: TraceHeader = { format: 1, kybernetes: 'test', scenario: 'hand-made', name: 'test', seed: 7, config: null, inputs: [] };
  const writer = new TraceWriter(path, header);
  for (const e of trace) writer.frames.encoder.encode(e.seq, e.time, e.type, e.actor, e.peer, e.messageType, e.payload, e.cause, e.detail);
  writer.close();

  const reader = new TraceReader(path);
  t.teardown(() => reader.close());
  t.is(reader.header.scenario, 'hand-made');
  const read = [...filterEvents(reader.events(), { actor: '/**/ponger', type: 'send,arrive,drop' })];
  t.deepEqual(
    read.map(formatText),
    [
      '#3 0.000ms send /left/pinger -> /right/ponger ping [remote] (cause #2)',
      '#4 1.250ms arrive /right/ponger <- /left/pinger ping (cause #3)',
      '#6 1.250ms send /right/ponger -> /left/pinger pong [remote] (cause #5)',
      '#7 1.250ms drop /right/ponger -> /left/pinger pong [loss] (cause #6)',
    ],
  );
  t.deepEqual(read[0]!.payload, { type: 'ping', id: 1 });

  const again = new TraceReader(path);
  t.teardown(() => again.close());
  t.deepEqual(seqs(explain(again.events(), 9)), [8, 9]);
});

// --pod: the scheduler's account of a pod, from the Events and the Binding it sent.
const send = (seq: number, time: number, call: unknown): TraceEvent => ({ seq, time, type: 'send', actor: '/cp/kube-scheduler', peer: '/cp/kube-apiserver', messageType: 'Call', payload: { type: 'Call', id: seq, call }, cause: -1, detail: null });
const eventCall = (reason: string, message: string) => ({ verb: 'create', target: { resource: 'events', namespace: 'default' }, body: { reason, message, involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' } } });

test('--pod: the FailedScheduling messages, then the Binding with each node verdicts and scores, the chosen node starred', (t) => {
  const filter = JSON.stringify({ a: { NodeName: 'passed', NodeResourcesFit: 'Insufficient cpu' }, b: { NodeName: 'passed', NodeResourcesFit: 'passed' }, c: { NodeName: 'passed', NodeResourcesFit: 'passed' } });
  const final = JSON.stringify({ b: { NodeResourcesFit: '40', ImageLocality: '0' }, c: { NodeResourcesFit: '60', ImageLocality: '10' } });
  const events = [
    send(1, 1000, eventCall('FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.')),
    send(2, 1500, { verb: 'create', target: { resource: 'pods', subresource: 'binding', namespace: 'other', name: 'web' }, body: { target: { name: 'x' } } }),
    send(3, 2000, {
      verb: 'create',
      target: { resource: 'pods', subresource: 'binding', namespace: 'default', name: 'web' },
      body: { metadata: { name: 'web', annotations: { [RESULT_ANNOTATIONS.filter]: filter, [RESULT_ANNOTATIONS.finalScore]: final, [RESULT_ANNOTATIONS.selectedNode]: 'c' } }, target: { name: 'c' } },
    }),
  ];
  const lines = explainPod(events, 'default', 'web');
  t.is(lines.length, 5);
  t.regex(lines[0]!, /FailedScheduling: 0\/3 nodes are available: 3 Insufficient cpu\.$/);
  t.regex(lines[1]!, /binding to c$/);
  t.is(lines[2], '    a: rejected by NodeResourcesFit (Insufficient cpu)');
  t.is(lines[3], '    b: passed 2 filters; score 40: NodeResourcesFit 40, ImageLocality 0');
  t.is(lines[4], '  * c: passed 2 filters; score 70: NodeResourcesFit 60, ImageLocality 10');
  t.deepEqual(explainPod(events, 'default', 'nope'), []);
});
