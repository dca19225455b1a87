// Properties over large input spaces: the interpreter never throws and never asks to be woken in
// the past, whatever the script; the same inputs and the same random stream give the same steps;
// reference normalization is idempotent.

import test from 'ava';
import fc from 'fast-check';
import { imageCatalog, parseReference, workloadModel as m } from '../../../actors/container-runtime/workload/index.ts';
import type { ProcessStep } from '../../../actors/container-runtime/workload/process.ts';
import { seeded, spec } from './drive.ts';

const TOKENS = [
  'echo', 'sleep', '1', '0.5', 'infinity', 'x', '$x', 'x=1', ';', '&&', '||', '!', 'while', 'until', 'true', 'false', 'do', 'done', 'for', 'i', 'in', '$i',
  'if', 'then', 'elif', 'else', 'fi', '"', "'", '$((i+1))', '$(date)', '$(', ')', '(', '>', '>>', '2>&1', '/f', 'cat', 'rm', '-f', 'touch', 'exit', '3',
  '&', 'wait', 'trap', "'exit 0'", 'TERM', '{', '}', '\n', 'break', 'continue', '[', ']', '-lt', 'seq', '|', '#', '\\', '${x:-y}', 'nslookup', 'date', '`',
];

const script = fc.oneof(
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((ts) => ts.join(' ')),
  fc.string({ maxLength: 60 }),
);

/** Start, then up to `n` wakes, a SIGTERM and a SIGKILL between: every step checked. */
function run(text: string, seed: number, n = 30): ProcessStep[] {
  const random = seeded(seed);
  const steps: ProcessStep[] = [];
  let now = 0;
  let step = m.start(spec({ command: ['sh', '-c', text], annotations: { 'sim.kybernetes.io/memory-growth': '1Mi' }, memoryLimitBytes: 64 * 1024 * 1024 }), now, random);
  steps.push(step);
  for (let k = 0; k < n && step.wakeAt !== null; k++) {
    if (step.wakeAt <= now) throw new Error(`wakeAt ${step.wakeAt} not after ${now}`);
    now = step.wakeAt;
    step = k === 5 ? m.signal(step.state, 'SIGTERM', now, random) : m.advance(step.state, now, random);
    steps.push(step);
  }
  if (step.wakeAt !== null && step.wakeAt <= now) throw new Error(`wakeAt ${step.wakeAt} not after ${now}`);
  m.exec(step.state, ['sh', '-c', text], now);
  m.http(step.state, 80, 'GET', '/', now);
  steps.push(m.signal(step.state, 'SIGKILL', now + 1, random));
  return steps;
}

test('any script: no throw, wakeAt null or in the future, exactly one exit at most', (t) => {
  fc.assert(
    fc.property(script, fc.integer(), (text, seed) => {
      const steps = run(text, seed);
      const exits = steps.flatMap((s) => s.outputs).filter((o) => o.kind === 'exit');
      return exits.length <= 1 && steps.every((s, i) => i === 0 || s.wakeAt === null || s.wakeAt > 0);
    }),
    { numRuns: 400 },
  );
  t.pass();
});

test('same script, same seed: the same steps', (t) => {
  fc.assert(
    fc.property(script, fc.integer(), (text, seed) => {
      t.deepEqual(run(text, seed), run(text, seed));
    }),
    { numRuns: 150 },
  );
});

test('same image and annotations, same seed: the same server steps; different seeds may differ only in time', (t) => {
  fc.assert(
    fc.property(fc.constantFrom('nginx', 'redis', 'httpd:2.4', 'myorg/app:v1', 'registry.k8s.io/pause:3.10', 'perl'), fc.integer(), (image, seed) => {
      const a = run(image, seed, 5);
      const start = (s: number) => m.start(spec({ image }), 0, seeded(s));
      t.deepEqual(start(seed), start(seed));
      t.deepEqual(start(seed).outputs, start(seed + 1).outputs);
      return a.length > 0;
    }),
    { numRuns: 60 },
  );
});

test('reference normalization never throws and is idempotent', (t) => {
  const part = fc.stringMatching(/^[a-z0-9]{1,6}([._-][a-z0-9]{1,4})?$/);
  const ref = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.tuple(fc.option(fc.constantFrom('docker.io', 'registry.k8s.io', 'localhost:5000', 'ghcr.io', 'index.docker.io')), fc.array(part, { minLength: 1, maxLength: 3 }), fc.option(fc.stringMatching(/^[\w][\w.-]{0,10}$/)))
      .map(([d, p, tag]) => `${d === null ? '' : `${d}/`}${p.join('/')}${tag === null ? '' : `:${tag}`}`),
  );
  fc.assert(
    fc.property(ref, (image) => {
      const r = parseReference(image);
      if (r === undefined) return imageCatalog.lookup(image) === undefined;
      const again = parseReference(r.normalized);
      return again?.normalized === r.normalized && imageCatalog.lookup(r.normalized)?.digest === imageCatalog.lookup(image)?.digest;
    }),
    { numRuns: 1000 },
  );
  t.pass();
});
