// Pods on a node, from the docs: nginx Running with an IP from its node's range; a busybox that
// fails after five seconds under each restartPolicy; CrashLoopBackOff's delays (10 s doubling to
// 300 s) exact in virtual time; the liveness-exec example restarted by its probe; a readiness
// probe that makes the pod Ready and, when the server starts failing it, not Ready.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { parseRfc3339 } from '../../protocols/kube/time.ts';
import { containerRuntimeService } from '../../protocols/kube/cri.ts';
import { containerRuntimeKey } from '../../actors/container-runtime/runtime.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

const NODE = 'worker-1';

const pod = (name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', ...(annotations ? { annotations } : {}) },
  spec: { nodeName: NODE, ...spec },
});

const failing = (name: string, restartPolicy: string) =>
  pod(name, { restartPolicy, containers: [{ name: 'main', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 5; exit 1'] }] });

type ContainerStatusLike = {
  restartCount: number;
  state?: { running?: { startedAt: string }; terminated?: { exitCode: number; reason: string }; waiting?: { reason: string } };
  lastState?: { terminated?: { exitCode: number; finishedAt: string } };
  ready: boolean;
};
const statusOf = (o: KubeObject) => (o.status ?? {}) as { phase?: string; podIP?: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string }[]; containerStatuses?: ContainerStatusLike[] };
const first = (o: KubeObject): ContainerStatusLike | undefined => statusOf(o).containerStatuses?.[0];
const condition = (o: KubeObject, type: string) => statusOf(o).conditions?.find((c) => c.type === type)?.status;
const seconds = (t: string) => (parseRfc3339(t) ?? Number.NaN) / 1000;

async function nginxRuns(s: ScenarioContext) {
  await s.kube.create(pod('nginx', { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] }));
  const running = await s.kube.waitFor('pod', 'nginx', (o) => statusOf(o).phase === 'Running', { within: 120_000 });
  const ip = statusOf(running).podIP ?? '';
  s.expect("the docs' nginx pod is Running with an IP from worker-1's range", ip.startsWith('10.244.1.') && condition(running, 'Ready') === 'True', `podIP ${ip}, Ready ${condition(running, 'Ready')}`);
}

async function restartPolicies(s: ScenarioContext) {
  for (const policy of ['Never', 'OnFailure', 'Always']) await s.kube.create(failing(`fail-${policy.toLowerCase()}`, policy));
  const never = await s.kube.waitFor('pod', 'fail-never', (o) => statusOf(o).phase === 'Failed', { within: 120_000 });
  const t = first(never)?.state?.terminated;
  s.expect('restartPolicy Never: Failed, exit code 1 (Error), never restarted', t?.exitCode === 1 && t.reason === 'Error' && first(never)?.restartCount === 0, JSON.stringify(first(never)));
  for (const policy of ['OnFailure', 'Always']) {
    const name = `fail-${policy.toLowerCase()}`;
    const o = await s.kube.waitFor('pod', name, (x) => (first(x)?.restartCount ?? 0) >= 2, { within: 120_000 });
    const c = first(o)!;
    s.expect(`restartPolicy ${policy}: restarted after each failure, phase Running or Pending`, ['Running', 'Pending'].includes(statusOf(o).phase ?? '') && c.lastState?.terminated?.exitCode === 1, `phase ${statusOf(o).phase}, restartCount ${c.restartCount}`);
  }
}

/** The delays between an exit and the next start, read from the pod's status as it changes. */
async function crashLoopDelays(s: ScenarioContext) {
  const seen = new Map<number, number>(); // restartCount → delay (s)
  const watch = await s.kube.watch('pods', { namespace: 'default', fieldSelector: 'metadata.name=crashloop' }, (e) => {
    if (e.type === 'ERROR') return;
    const c = first(e.object);
    if (c?.state?.running && c.lastState?.terminated && !seen.has(c.restartCount)) seen.set(c.restartCount, seconds(c.state.running.startedAt) - seconds(c.lastState.terminated.finishedAt));
  });
  await s.kube.create(failing('crashloop', 'Always'));
  await s.until(() => seen.has(7), { within: '20m' });
  watch.stop();
  const delays = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  s.expect(
    'CrashLoopBackOff: the first restart at once, then 10, 20, 40, 80, 160 and (the cap) 300 s between an exit and the next start',
    delays.join(',') === '0,10,20,40,80,160,300',
    delays.join(', '),
  );
  const waiting = await s.kube.waitFor('pod', 'crashloop', (o) => first(o)?.state?.waiting?.reason === 'CrashLoopBackOff', { within: 60_000 });
  s.expect('between restarts the container waits in CrashLoopBackOff', first(waiting)?.state?.waiting?.reason === 'CrashLoopBackOff');
  const records = s.system.stateOf(containerRuntimeService.pathOn(NODE), containerRuntimeKey)?.records;
  const kept = Object.values(records?.containers ?? {}).filter((c) => c.config.labels['io.kubernetes.pod.name'] === 'crashloop').length;
  s.expect("the kubelet's garbage collector keeps the crash loop's newest dead container, not one per restart", kept >= 1 && kept <= 2, `${kept} containers in the runtime after ${seen.size} restarts`);
}

async function livenessRestarts(s: ScenarioContext) {
  await s.kube.create(
    pod('liveness-exec', {
      containers: [
        {
          name: 'liveness',
          image: 'registry.k8s.io/busybox',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    }),
  );
  const alive = await s.kube.waitFor('pod', 'liveness-exec', (o) => statusOf(o).phase === 'Running', { within: 120_000 });
  await s.advance('20s');
  const early = await s.kube.get('pod', 'liveness-exec');
  s.expect('while /tmp/healthy exists the liveness probe passes', first(early)?.restartCount === 0, `restartCount ${first(early)?.restartCount}`);
  const restarted = await s.kube.waitFor('pod', 'liveness-exec', (o) => (first(o)?.restartCount ?? 0) >= 1, { within: 120_000 });
  s.expect('three failed liveness probes restart the container', first(restarted)?.restartCount === 1, `restartCount ${first(restarted)?.restartCount} (Running since ${statusOf(alive).phase})`);
}

async function readinessFlips(s: ScenarioContext) {
  await s.kube.create(
    pod(
      'ready-web',
      { containers: [{ name: 'web', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } }] },
      { 'sim.kybernetes.io/fail-probes-after': '60s' },
    ),
  );
  const ready = await s.kube.waitFor('pod', 'ready-web', (o) => condition(o, 'Ready') === 'True', { within: 60_000 });
  s.expect('a passing readiness probe makes the pod Ready', first(ready)?.ready === true);
  const unready = await s.kube.waitFor('pod', 'ready-web', (o) => condition(o, 'Ready') === 'False', { within: 120_000 });
  s.expect('a failing readiness probe makes it not Ready, without a restart', first(unready)?.ready === false && first(unready)?.restartCount === 0, `restartCount ${first(unready)?.restartCount}`);
}

/** An init container that runs first; then deleting a pod whose shell ignores SIGTERM takes its grace period. */
async function initThenGracefulDelete(s: ScenarioContext) {
  await s.kube.create(
    pod('init-then-main', {
      initContainers: [{ name: 'setup', image: 'busybox:1.28', command: ['sh', '-c', 'echo setting up; sleep 3'] }],
      containers: [{ name: 'main', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 3600'] }],
      terminationGracePeriodSeconds: 20,
    }),
  );
  const running = await s.kube.waitFor('pod', 'init-then-main', (o) => statusOf(o).phase === 'Running', { within: 120_000 });
  const init = (running.status as { initContainerStatuses?: { state?: { terminated?: { exitCode: number; reason: string } } }[] }).initContainerStatuses?.[0]?.state?.terminated;
  s.expect('the init container ran to completion before the main container started', init?.exitCode === 0 && init.reason === 'Completed' && condition(running, 'Initialized') === 'True', JSON.stringify(init));
  const asked = s.now();
  await s.kube.delete('pod', 'init-then-main');
  let goneAt = -1;
  for (let i = 0; i < 60 && goneAt < 0; i++) {
    await s.advance('1s');
    if ((await s.kube.find('pod', 'init-then-main')) === undefined) goneAt = s.now();
  }
  const took = (goneAt - asked) / 1000;
  s.expect('a deleted pod whose sh ignores SIGTERM is killed at the end of its 20 s grace period, then removed by the kubelet', goneAt > 0 && took >= 20 && took < 25, `gone after ${took.toFixed(1)} s`);
}

/** An image the registry lacks backs off; an image the catalog does not know runs as a generic server, and says so. */
async function images(s: ScenarioContext) {
  await s.kube.create(pod('missing-image', { containers: [{ name: 'app', image: 'nginx:nonexistent' }] }));
  await s.kube.create(pod('unknown-image', { containers: [{ name: 'app', image: 'quay.io/acme/widget:1.0' }] }));
  const missing = await s.kube.waitFor('pod', 'missing-image', (o) => first(o)?.state?.waiting?.reason === 'ImagePullBackOff', { within: 120_000 });
  type Ev = { involvedObject: { name: string }; reason: string; message: string };
  const events = (await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[];
  const pullFailed = events.some((e) => e.involvedObject.name === 'missing-image' && e.reason === 'Failed' && e.message.startsWith('Failed to pull image "nginx:nonexistent"'));
  s.expect('an image the registry lacks: ErrImagePull, then ImagePullBackOff', pullFailed && statusOf(missing).phase === 'Pending', JSON.stringify(first(missing)?.state));
  const unknown = await s.kube.waitFor('pod', 'unknown-image', (o) => statusOf(o).phase === 'Running', { within: 120_000 });
  const said = ((await s.kube.list('events', { namespace: 'default' })).items as unknown as Ev[]).find((e) => e.involvedObject.name === 'unknown-image' && e.reason === 'UnknownImage');
  s.expect('an image the catalog does not know runs as a generic server, with an UnknownImage Warning', said !== undefined && statusOf(unknown).phase === 'Running', said?.message ?? 'no UnknownImage event');
}

export default defineScenario({
  name: 'pod-lifecycle',
  description: "pods on a node: the docs' nginx Running with an IP, restart policies, CrashLoopBackOff's delays, liveness and readiness probes",
  setup: (s) => void s.cluster({ workers: 1 }),
  script: async (s) => {
    await s.advance('5s');
    await nginxRuns(s);
    await restartPolicies(s);
    await livenessRestarts(s);
    await initThenGracefulDelete(s);
    await readinessFlips(s);
    await images(s);
    // The long crash loop runs alone: the pods before it are done with.
    for (const name of ['nginx', 'fail-never', 'fail-onfailure', 'fail-always', 'liveness-exec', 'ready-web', 'missing-image', 'unknown-image'])
      await s.kube.delete('pod', name, { gracePeriodSeconds: 0 });
    await crashLoopDelays(s);
  },
});
