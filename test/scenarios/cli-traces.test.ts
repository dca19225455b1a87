// kyb trace, tree and replay on traces that are cut, damaged or lie in their header: each is
// refused with one line naming the file (exit 2), never read as if it were whole.

import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceWriter } from '../../runtime/trace/index.ts';
import { kyb, refused } from './kyb.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-traces-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

const trace = join(dir, 'sup.trace');
test.before(() => {
  const r = kyb(['run', 'supervision-demo', '--trace', trace]);
  if (r.code !== 0) throw new Error(`kyb run supervision-demo: ${r.err}`);
});

/** The byte offsets where each frame starts, header first; the end frame last. */
function frames(bytes: Buffer): number[] {
  const at: number[] = [];
  for (let pos = 8; pos < bytes.length; pos += 4 + bytes.readUInt32LE(pos)) at.push(pos);
  return at;
}

function variant(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

// Each way in: reading every event, building a tree from some, replaying, explaining one.
const readers = (path: string) => [['trace', path], ['tree', path, '--at', '1s'], ['replay', path], ['trace', path, '--explain', '3']];

test.serial('a file cut at a frame boundary, even right after its header, is truncated', (t) => {
  const bytes = readFileSync(trace);
  const at = frames(bytes);
  const headerOnly = variant('header-only.trace', bytes.subarray(0, at[1]));
  const noEnd = variant('no-end.trace', bytes.subarray(0, at.at(-1)));
  for (const args of readers(headerOnly)) refused(t, args, /^kyb: .*header-only\.trace is truncated: it ends after 0 events, without its end frame$/);
  for (const args of readers(noEnd)) refused(t, args, /^kyb: .*no-end\.trace is truncated: it ends after \d+ events, without its end frame$/);
});

test.serial('a file missing its last byte is truncated; bytes after the end frame are refused', (t) => {
  const bytes = readFileSync(trace);
  const short = variant('short.trace', bytes.subarray(0, bytes.length - 1));
  const long = variant('long.trace', Buffer.concat([bytes, Buffer.from('garbage')]));
  for (const args of readers(short)) refused(t, args, /^kyb: .*short\.trace is truncated/);
  for (const args of readers(long)) refused(t, args, /^kyb: .*long\.trace: trailing bytes after the end of the trace, from byte \d+$/);
});

test.serial('flipped bytes: an event that cannot be decoded, or one that decodes to something else, are refused', (t) => {
  const bytes = readFileSync(trace);
  const event = frames(bytes).find((p) => bytes[p + 4] === 0x98)!; // an 8-array: an event
  const undecodable = Buffer.from(bytes);
  undecodable[event + 5] = 0x7f; // event type 127
  const path = variant('undecodable.trace', undecodable);
  for (const args of readers(path)) refused(t, args, /^kyb: .*undecodable\.trace: an event cannot be decoded: unknown event type 127$/);
  const other = Buffer.from(bytes);
  const i = other.indexOf('running', frames(bytes)[1]);
  other[i] = 'R'.charCodeAt(0); // still msgpack, still an event: caught by the hash in the end frame
  const altered = variant('altered.trace', other);
  for (const args of readers(altered)) refused(t, args, /^kyb: .*altered\.trace is damaged: its events do not match the hash in its end frame$/);
});

test.serial('a trace whose header lies is refused, naming the file and the field', (t) => {
  const good = { format: 1, kybernetes: '0.1.0', scenario: 'supervision-demo', name: 'x', seed: 1, config: null, inputs: [] };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['seed-huge', { seed: 1e30 }, /header\.seed: Invalid value: 1e\+30: must be a whole number from 0 to 4294967295$/],
    ['seed-text', { seed: 'abc' }, /header\.seed: Invalid value: "abc": must be a whole number/],
    ['seed-negative', { seed: -1 }, /header\.seed: Invalid value: -1: must be a whole number/],
    ['scenario-null', { scenario: null }, /header\.scenario: Invalid value: null: must be a string$/],
    ['scenario-empty', { scenario: '' }, /header\.scenario: Invalid value: "": must name the scenario to replay/],
    ['name-number', { name: 7 }, /header\.name: Invalid value: 7: must be a string$/],
    ['version', { kybernetes: ['0.1.0'] }, /header\.kybernetes: Invalid value: \["0\.1\.0"\]: must be a version string/],
    ['inputs', { inputs: 'none' }, /header\.inputs: Invalid value: "none": must be an array$/],
    ['config', { config: 'fast' }, /header\.config: Invalid value: "fast": must be a map or null$/],
    ['format', { format: 2 }, /header\.format: Invalid value: 2: must be 1/],
  ];
  for (const [name, change, message] of cases) {
    const path = join(dir, `${name}.trace`);
    const w = new TraceWriter(path, { ...good, ...change } as never);
    w.close();
    const r = refused(t, ['replay', path], message);
    t.true(r.err.startsWith(`kyb: ${path}: header.`), r.err);
  }
  // A flipped byte in the header: the file is named.
  const bytes = Buffer.from(readFileSync(trace));
  bytes[12] = 0xc1; // never used in msgpack
  const flipped = variant('header-flipped.trace', bytes);
  refused(t, ['replay', flipped], /^kyb: .*header-flipped\.trace: its header cannot be decoded: /);
});

test.serial('kyb replay --help says that replay runs the scenario the header names', (t) => {
  const r = kyb(['replay', '--help']);
  t.is(r.code, 0);
  t.regex(r.out.replace(/\s+/g, ' '), /loads and runs the scenario the trace's header names/);
});

test.serial('kyb tree: --scenario with a TRACE is refused; --at past the end says so', (t) => {
  refused(t, ['tree', trace, '--scenario', 'ping-pong'], /^kyb: --scenario cannot be used with a TRACE/);
  const late = kyb(['tree', trace, '--at', '99h', '--json']);
  t.is(late.code, 0, late.err);
  t.regex(late.err, /^kyb: note: the trace ends at \d+(ms|s); showing the tree at its end\n$/);
  t.deepEqual(JSON.parse(late.out), JSON.parse(kyb(['tree', trace, '--json']).out));
  t.is(kyb(['tree', trace, '--at', '1s']).err, '');
});

test.serial('kyb trace --explain: with a filter, past the end, or past the largest safe number, refused', (t) => {
  refused(t, ['trace', trace, '--explain', '3', '--type', 'crash'], /^kyb: --explain cannot be combined with --type: /);
  refused(t, ['trace', trace, '--explain', '3', '--actor', '/x', '--from', '1s'], /^kyb: --explain cannot be combined with --actor, --from: /);
  refused(t, ['trace', trace, '--explain', '99999999999999999999999'], /^kyb: --explain: Invalid value: "99999999999999999999999": must be an event number from 0 to 9007199254740991, or a pod as NAMESPACE\/NAME$/);
  const pod = kyb(['trace', trace, '--explain', 'default/web']);
  t.is(pod.code, 1, 'a pod given to --explain is explained as --pod explains it');
  t.is(pod.out, 'no scheduling of pod default/web in this trace\n');
  const r = refused(t, ['trace', trace, '--explain', '9007199254740991'], /^kyb: no event 9007199254740991: the trace has (\d+) events$/);
  const count = Number(/has (\d+) events/.exec(r.err)![1]);
  t.is(kyb(['trace', trace]).out.trim().split('\n').length, count);
});

test.serial('a directory given as a trace is named', (t) => {
  for (const cmd of ['trace', 'tree', 'replay']) refused(t, [cmd, dir], new RegExp(`^kyb: cannot read trace ${dir}: it is a directory$`));
});

test.serial('KYB_DEBUG shows stacks only when set to something other than 0 or false', (t) => {
  for (const off of ['0', 'false', '']) refused(t, ['replay', dir], /cannot read trace/, { KYB_DEBUG: off });
  const on = kyb(['replay', dir], { KYB_DEBUG: '1' });
  t.is(on.code, 2);
  t.regex(on.err, /\bat .*:\d+:\d+/);
});
