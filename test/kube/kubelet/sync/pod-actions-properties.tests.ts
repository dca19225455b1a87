// Properties of computePodActions over random pods and runtime states: a pod being killed starts
// nothing, regular containers never start before initialization finished, and kills name only
// containers the runtime reported.

import test from 'ava';
import fc from 'fast-check';
import { computePodActions } from '../../../../actors/kubelet/sync/pod-actions.ts';
import type { ProbeResult } from '../../../../actors/kubelet/sync/pod-types.ts';
import type { ContainerStatus } from '../../../../protocols/kube/cri.ts';
import { container, pod, sandbox } from './fixtures.ts';

const stateArb = fc.constantFrom('missing', 'created', 'running', 'exited0', 'exited1', 'unknown');
const probeArb = fc.constantFrom<ProbeResult | undefined>(undefined, 'Success', 'Failure');

const scenarioArb = fc.record({
  inits: fc.array(fc.boolean(), { maxLength: 3 }), // true: a sidecar
  regular: fc.integer({ min: 1, max: 3 }),
  policy: fc.constantFrom('Always', 'OnFailure', 'Never'),
  sandbox: fc.constantFrom('none', 'ready', 'notready', 'noip'),
  states: fc.array(stateArb, { minLength: 6, maxLength: 6 }),
  liveness: fc.array(probeArb, { minLength: 6, maxLength: 6 }),
  startup: fc.array(probeArb, { minLength: 6, maxLength: 6 }),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(sc: Scenario) {
  const initNames = sc.inits.map((side, i) => (side ? `side${i}` : `init${i}`));
  const p = pod({ restartPolicy: sc.policy, containers: Array.from({ length: sc.regular }, (_, i) => `app${i}`) });
  p.spec!.initContainers = initNames.map((n) => (n.startsWith('side') ? { name: n, image: 'busybox', restartPolicy: 'Always' } : { name: n, image: 'busybox' }));
  const names = [...initNames, ...p.spec!.containers.map((c) => c.name)];
  const containers: ContainerStatus[] = [];
  names.forEach((n, i) => {
    const st = sc.states[i]!;
    if (st === 'missing') return;
    const cri = st === 'created' ? 'CONTAINER_CREATED' : st === 'running' ? 'CONTAINER_RUNNING' : st === 'unknown' ? 'CONTAINER_UNKNOWN' : 'CONTAINER_EXITED';
    containers.push(container(p, n, cri, { exitCode: st === 'exited1' ? 1 : 0, createdAt: 10 + i }));
  });
  const sandboxes = sc.sandbox === 'none' ? [] : [sandbox({ state: sc.sandbox === 'notready' ? 'SANDBOX_NOTREADY' : 'SANDBOX_READY', ip: sc.sandbox === 'noip' ? '' : '10.244.0.9' })];
  const probes = (xs: (ProbeResult | undefined)[]): Record<string, ProbeResult> => Object.fromEntries(names.flatMap((n, i) => (xs[i] ? [[n, xs[i]]] : [])));
  const actions = computePodActions(p, { sandboxes, containers }, { now: 0, liveness: probes(sc.liveness), startup: probes(sc.startup) });
  return { p, names, initNames, containers, actions, sc };
}

test('a pod being killed (and not recreated) starts nothing', (t) => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { actions } = build(sc);
      if (actions.killPod && !actions.createSandbox) return actions.containersToStart.length === 0 && actions.initContainersToStart.length === 0;
      return true;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('regular containers start only after initialization finished', (t) => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { actions, initNames, containers, p } = build(sc);
      if (actions.containersToStart.length === 0 || initNames.length === 0) return true;
      if (actions.createSandbox) return false; // a new sandbox starts from the first init container
      const latest = (n: string) => containers.find((c) => c.metadata.name === n);
      const regularAlive = p.spec!.containers.some((c) => ['CONTAINER_CREATED', 'CONTAINER_RUNNING'].includes(latest(c.name)?.state ?? ''));
      const last = initNames[initNames.length - 1]!;
      const l = latest(last);
      const lastDone = last.startsWith('side')
        ? l?.state === 'CONTAINER_RUNNING'
        : l?.state === 'CONTAINER_EXITED' && l.exitCode === 0;
      return regularAlive || lastDone;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});

test('every container to kill is one the runtime reported, and started ones are spec indexes without repeats', (t) => {
  fc.assert(
    fc.property(scenarioArb, (sc) => {
      const { actions, containers, p } = build(sc);
      const ids = new Set(containers.map((c) => c.id));
      const okKills = actions.containersToKill.every((k) => ids.has(k.containerId));
      const okStarts = new Set(actions.containersToStart).size === actions.containersToStart.length && actions.containersToStart.every((i) => i >= 0 && i < p.spec!.containers.length);
      const okInits = new Set(actions.initContainersToStart).size === actions.initContainersToStart.length;
      return okKills && okStarts && okInits;
    }),
    { numRuns: 2000 },
  );
  t.pass();
});
