// getPhase against kubelet_pods_test.go's cases (TestPodPhaseWithRestartAlways, ...Never,
// ...OnFailure, ...WithInitContainers, ...WithRestartableInitContainers), and a fast-check oracle.

import test from 'ava';
import fc from 'fast-check';
import { type PodPhase, getPhase } from '../../../../actors/kubelet/status/phase.ts';
import type { ApiContainerStatus } from '../../../../actors/kubelet/sync/pod-types.ts';
import { pod } from '../sync/fixtures.ts';

const running = (name: string, started = true): ApiContainerStatus => ({ name, ready: false, restartCount: 0, image: 'x', imageID: '', state: { running: { startedAt: 't' } }, started });
const succeeded = (name: string): ApiContainerStatus => ({ name, ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 0 } } });
const failed = (name: string): ApiContainerStatus => ({ name, ready: false, restartCount: 0, image: 'x', imageID: '', state: { terminated: { exitCode: 1 } } });
const waiting = (name: string): ApiContainerStatus => ({ name, ready: false, restartCount: 0, image: 'x', imageID: '', state: { waiting: { reason: 'ContainerCreating' } } });
const restarting = (name: string, exitCode = 1): ApiContainerStatus => ({ ...waiting(name), state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode } } });

const two = (policy: string) => pod({ containers: ['a', 'b'], restartPolicy: policy });

const cases: [string, string, ApiContainerStatus[], PodPhase][] = [
  ['Always', 'all running', [running('a'), running('b')], 'Running'],
  ['Always', 'all stopped', [succeeded('a'), failed('b')], 'Running'],
  ['Always', 'mixed running and stopped', [running('a'), failed('b')], 'Running'],
  ['Always', 'one waiting', [running('a'), waiting('b')], 'Pending'],
  ['Always', 'one backing off after a run', [running('a'), restarting('b')], 'Running'],
  ['Always', 'one without status', [running('a')], 'Pending'],
  ['Never', 'all running', [running('a'), running('b')], 'Running'],
  ['Never', 'all succeeded', [succeeded('a'), succeeded('b')], 'Succeeded'],
  ['Never', 'one failed', [succeeded('a'), failed('b')], 'Failed'],
  ['Never', 'running and stopped', [running('a'), succeeded('b')], 'Running'],
  ['OnFailure', 'all succeeded', [succeeded('a'), succeeded('b')], 'Succeeded'],
  ['OnFailure', 'one failed, restarting', [succeeded('a'), failed('b')], 'Running'],
  ['OnFailure', 'backing off', [succeeded('a'), restarting('b')], 'Running'],
];
for (const [policy, name, statuses, phase] of cases) {
  test(`restartPolicy ${policy}, ${name}: ${phase}`, (t) => {
    t.is(getPhase(two(policy), statuses, false, false), phase);
  });
}

test('a terminal pod whose containers stopped is Succeeded or Failed whatever the policy', (t) => {
  t.is(getPhase(two('Always'), [succeeded('a'), succeeded('b')], true, false), 'Succeeded');
  t.is(getPhase(two('Always'), [succeeded('a'), failed('b')], true, false), 'Failed');
  t.is(getPhase(two('OnFailure'), [succeeded('a'), restarting('b')], true, false), 'Failed');
});

test('init containers: running or pending keep the pod Pending; a failure fails a Never pod', (t) => {
  const p = (policy: string) => pod({ inits: ['i1', 'i2'], containers: ['a'], restartPolicy: policy });
  t.is(getPhase(p('Always'), [running('i1'), waiting('i2'), waiting('a')], false, false), 'Pending');
  t.is(getPhase(p('Always'), [succeeded('i1'), succeeded('i2'), running('a')], false, false), 'Running');
  t.is(getPhase(p('Never'), [failed('i1'), waiting('i2'), waiting('a')], false, false), 'Failed');
  t.is(getPhase(p('Never'), [restarting('i1'), waiting('i2'), waiting('a')], false, false), 'Failed');
  t.is(getPhase(p('Always'), [restarting('i1'), waiting('i2'), waiting('a')], false, false), 'Pending');
});

test('sidecars: running but not started keeps Pending until the pod has initialized', (t) => {
  const p = pod({ sidecars: ['s'], containers: ['a'] });
  t.is(getPhase(p, [running('s', false), waiting('a')], false, false), 'Pending');
  t.is(getPhase(p, [running('s', true), running('a')], false, true), 'Running');
  t.is(getPhase(p, [running('s', false), running('a')], false, true), 'Running');
  t.is(getPhase(p, [running('s', false), running('a')], false, false), 'Pending');
  // A stopped sidecar does not count: the regular container decides.
  const n = pod({ sidecars: ['s'], containers: ['a'], restartPolicy: 'Never' });
  t.is(getPhase(n, [failed('s'), succeeded('a')], false, true), 'Succeeded');
});

// The oracle: getPhase's rules restated over counts, for pods without init containers.
type Kind = 'running' | 'succeeded' | 'failed' | 'waiting' | 'restart0' | 'restart1' | 'missing';
function oracle(policy: string, kinds: Kind[], terminal: boolean): string {
  if (kinds.some((k) => k === 'waiting')) return 'Pending';
  const unknown = kinds.includes('missing');
  const running = kinds.filter((k) => k === 'running').length;
  const stopped = kinds.filter((k) => k !== 'running' && k !== 'missing');
  if (running > 0 && !unknown) return 'Running';
  if (running === 0 && stopped.length > 0 && !unknown) {
    const allOk = stopped.every((k) => k === 'succeeded');
    if (terminal) return allOk ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (allOk) return 'Succeeded';
    return policy === 'Never' ? 'Failed' : 'Running';
  }
  return 'Pending';
}

test('the phase of random container sets agrees with the oracle of getPhase rules', (t) => {
  const kindArb = fc.constantFrom<Kind>('running', 'succeeded', 'failed', 'waiting', 'restart0', 'restart1', 'missing');
  fc.assert(
    fc.property(fc.constantFrom('Always', 'OnFailure', 'Never'), fc.array(kindArb, { minLength: 1, maxLength: 5 }), fc.boolean(), (policy, kinds, terminal) => {
      const p = pod({ restartPolicy: policy, containers: kinds.map((_, i) => `c${i}`) });
      const statuses = kinds.flatMap((k, i): ApiContainerStatus[] => {
        const n = `c${i}`;
        switch (k) {
          case 'running': return [running(n)];
          case 'succeeded': return [succeeded(n)];
          case 'failed': return [failed(n)];
          case 'waiting': return [waiting(n)];
          case 'restart0': return [restarting(n, 0)];
          case 'restart1': return [restarting(n, 1)];
          default: return [];
        }
      });
      // A container backing off after exit 0 counts as stopped, but not as succeeded.
      const expected = oracle(policy, kinds.map((k) => (k === 'restart0' ? 'failed' : k === 'restart1' ? 'failed' : k)), terminal);
      return getPhase(p, statuses, terminal, false) === expected;
    }),
    { numRuns: 3000 },
  );
  t.pass();
});
