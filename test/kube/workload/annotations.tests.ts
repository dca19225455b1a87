// The sim.kybernetes.io/ annotations: Go-style durations, byte quantities, pod-wide keys and
// per-container ones (which win), and a Warning event naming the annotation and value for each
// bad or unknown one, the default kept.

import test from 'ava';
import { ANNOTATION_KEYS, parseTuning } from '../../../actors/container-runtime/workload/index.ts';
import { parseDuration } from '../../../actors/container-runtime/workload/duration.ts';

const DURATIONS: readonly [string, number | undefined][] = [
  ['0', 0], ['250ms', 250], ['5s', 5000], ['2m', 120_000], ['1h', 3_600_000], ['1m30s', 90_000], ['1.5s', 1500], ['.5s', 500], ['1h2m3s4ms', 3_723_004],
  ['100us', 0.1], ['1000000ns', 1], ['', undefined], ['5', undefined], ['-1s', undefined], ['5x', undefined], ['s', undefined], ['1d', undefined], [' 5s ', 5000],
];

for (const [text, ms] of DURATIONS) {
  test(`duration ${JSON.stringify(text)} is ${ms} ms`, (t) => {
    t.is(parseDuration(text), ms);
  });
}

const P = 'sim.kybernetes.io/';

test('every key parses its documented example', (t) => {
  const examples: Record<string, string> = {
    'startup-time': '5s', 'readiness-delay': '10s', 'crash-after': '30s', 'exit-code': '3', 'memory-baseline': '64Mi', 'memory-growth': '1Mi',
    'cpu-per-request': '5ms', latency: '20ms', 'fail-probes-after': '1m', 'stop-time': 'never',
  };
  t.deepEqual(Object.keys(examples).sort(), Object.keys(ANNOTATION_KEYS).sort());
  const { tuning, events } = parseTuning(Object.fromEntries(Object.entries(examples).map(([k, v]) => [P + k, v])), 'app');
  t.deepEqual(events, []);
  t.deepEqual(tuning, {
    startupMs: 5000, readinessDelayMs: 10_000, crashAfterMs: 30_000, exitCode: 3, memoryBaselineBytes: 64 * 1024 * 1024, memoryGrowthBytesPerSec: 1024 * 1024,
    cpuMsPerRequest: 5, latencyMs: 20, failProbesAfterMs: 60_000, stopMs: null,
  });
});

test('a per-container key wins over the pod-wide one, and applies to its container only', (t) => {
  const annotations = { [`${P}startup-time`]: '1s', [`${P}startup-time.web`]: '7s', [`${P}latency.sidecar`]: '9ms', 'other.io/startup-time': '3s' };
  t.deepEqual(parseTuning(annotations, 'web').tuning, { startupMs: 7000 });
  t.deepEqual(parseTuning(annotations, 'sidecar').tuning, { startupMs: 1000, latencyMs: 9 });
  t.deepEqual(parseTuning(annotations, 'db').tuning, { startupMs: 1000 });
});

const BAD: readonly [string, string, string][] = [
  ['startup-time', '5x', 'must be a duration such as 250ms, 5s or 2m'],
  ['crash-after', '-3s', 'must be a duration'],
  ['exit-code', '256', 'must be an integer from 0 to 255'],
  ['exit-code', '1.5', 'must be an integer from 0 to 255'],
  ['memory-growth', 'lots', 'must be a quantity of bytes such as 64Mi or 1G'],
  ['memory-baseline', '-1Mi', 'must be a quantity of bytes'],
  ['stop-time', 'forever', 'must be a duration'],
];

for (const [key, value, expected] of BAD) {
  test(`${key}: ${value} is reported and the default kept`, (t) => {
    const { tuning, events } = parseTuning({ [P + key]: value, [`${P}latency`]: '3ms' }, 'app');
    t.deepEqual(tuning, { latencyMs: 3 });
    t.is(events.length, 1);
    t.like(events[0], { kind: 'event', type: 'Warning', reason: 'InvalidAnnotation' });
    const message = (events[0] as { message: string }).message;
    t.true(message.startsWith(`${P}${key}: invalid value "${value}"`), message);
    t.true(message.includes(expected), message);
  });
}

test('an unknown key is reported once, by the container it names or by every container when pod-wide', (t) => {
  t.is(parseTuning({ [`${P}startup-tme`]: '5s' }, 'app').events.length, 1);
  t.regex((parseTuning({ [`${P}startup-tme`]: '5s' }, 'app').events[0] as { message: string }).message, /startup-tme: unknown annotation; known keys are startup-time, /);
  t.is(parseTuning({ [`${P}startup-tme.web`]: '5s' }, 'app').events.length, 0);
  t.is(parseTuning({ [`${P}startup-tme.web`]: '5s' }, 'web').events.length, 1);
});
