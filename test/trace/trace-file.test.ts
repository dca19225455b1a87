// Trace files end with an end frame; each writer writes to a file of its own until it closes.

import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Unpackr } from 'msgpackr';
import { type TraceHeader, TraceReader, TraceWriter } from '../../runtime/trace/index.ts';
import { isEndFrame, isStringDefinition } from '../../runtime/trace/codec.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-tracefile-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const header: TraceHeader = { format: 1, kybernetes: '0.1.0', scenario: 's', name: 'n', seed: 1, config: null, inputs: [] };

function write(path: string, events: number): { w: TraceWriter; hash: string } {
  const w = new TraceWriter(path, header);
  for (let i = 0; i < events; i++) w.frames.encoder.encode(i, i * 10, 'send', '/a', '/b', `m${i % 3}`, { n: i }, i - 1, 0);
  return { w, hash: w.close() };
}

/** Every frame body after the header, in order. */
function bodies(path: string): Buffer[] {
  const d = readFileSync(path);
  const out: Buffer[] = [];
  let pos = 8 + 4 + d.readUInt32LE(8);
  while (pos < d.length) {
    const len = d.readUInt32LE(pos);
    out.push(d.subarray(pos + 4, pos + 4 + len));
    pos += 4 + len;
  }
  return out;
}

test('a complete file ends with [-2, eventCount, hash], which readers check and never hand out', (t) => {
  const path = join(dir, 'five.trace');
  const { hash } = write(path, 5);
  const all = bodies(path);
  t.deepEqual(new Unpackr({ useRecords: false }).unpack(all.at(-1)!), [-2, 5, hash]);
  t.true(isEndFrame(all.at(-1)!));
  // Nothing else looks like it: 8-arrays for events, [-1, s] for strings.
  t.true(all.slice(0, -1).every((f) => !isEndFrame(f) && (isStringDefinition(f) || f[0] === 0x98)));
  const r = new TraceReader(path);
  const frames: Buffer[] = [];
  for (let f = r.nextFrame(); f !== undefined; f = r.nextFrame()) frames.push(f);
  t.is(frames.length, all.length - 1);
  t.is(r.nextFrame(), undefined);
  r.close();
  t.is([...new TraceReader(path).events()].length, 5);
});

test('the hash is that of the frames before the end frame: the same events, the same hash', (t) => {
  const a = write(join(dir, 'a.trace'), 40).hash;
  const b = write(join(dir, 'b.trace'), 40).hash;
  const c = write(join(dir, 'c.trace'), 41).hash;
  t.is(a, b);
  t.not(a, c);
});

test('each writer has a partial file of its own beside the target; the last to close wins', (t) => {
  const path = join(dir, 'shared.trace');
  const first = new TraceWriter(path, header);
  const second = new TraceWriter(path, { ...header, seed: 2 });
  t.not(first.partialPath, second.partialPath);
  t.is(dirname(first.partialPath), dir);
  t.regex(first.partialPath, /\/\.shared\.trace\.\d+\.[0-9a-f]{12}\.partial$/);
  first.frames.encoder.encode(0, 0, 'external', '', '', '', undefined, -1, 'first');
  second.frames.encoder.encode(0, 0, 'external', '', '', '', undefined, -1, 'second');
  first.close();
  t.is(new TraceReader(path).header.seed, 1);
  second.close();
  const r = new TraceReader(path);
  t.is(r.header.seed, 2);
  t.deepEqual([...r.events()].map((e) => e.detail), ['second']);
  t.deepEqual(readdirSync(dir).filter((f) => f.includes('shared') && f.endsWith('.partial')), []);
});

test('an abandoned writer leaves nothing, under either name', (t) => {
  const path = join(dir, 'abandoned.trace');
  const w = new TraceWriter(path, header);
  t.true(existsSync(w.partialPath));
  w.abort();
  t.false(existsSync(w.partialPath));
  t.false(existsSync(path));
});

test('a trace that cannot be written says where', (t) => {
  t.throws(() => new TraceWriter(join(dir, 'no-such-dir', 'x.trace'), header), { message: /^cannot write trace .*x\.trace: ENOENT$/ });
});
