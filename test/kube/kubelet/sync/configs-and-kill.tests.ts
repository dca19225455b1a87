// The CRI configs the kubelet builds (labels, annotations, log paths, attempts), grace periods,
// the pod kill plan's sidecar ordering, and when a deletion may be confirmed.

import test from 'ava';
import { containerConfigFor, nextRestartCount, podHostname, sandboxConfigFor } from '../../../../actors/kubelet/sync/cri-configs.ts';
import { podGracePeriod, stopTimeout } from '../../../../actors/kubelet/sync/grace.ts';
import { confirmDeletion, killPodPlan } from '../../../../actors/kubelet/sync/kill-plan.ts';
import { containerHash } from '../../../../actors/kubelet/sync/labels.ts';
import { linuxResourcesFor, milliCPUToShares } from '../../../../actors/kubelet/sync/linux-resources.ts';
import { container, pod, sandbox } from './fixtures.ts';

test('sandbox config: metadata with attempt, pod labels plus the naming labels, log directory, ports', (t) => {
  const p = pod({ containers: ['web'] });
  p.metadata!.labels = { app: 'web' };
  p.metadata!.annotations = { note: 'x' };
  p.spec!.containers[0]!.ports = [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP', hostPort: 5353 }];
  const cfg = sandboxConfigFor(p, 2, { dns: { servers: ['10.96.0.10'], searches: ['new.svc.cluster.local'], options: ['ndots:5'] } });
  t.deepEqual(cfg.metadata, { name: 'foo', uid: '12345678', namespace: 'new', attempt: 2 });
  t.deepEqual(cfg.labels, { app: 'web', 'io.kubernetes.pod.name': 'foo', 'io.kubernetes.pod.namespace': 'new', 'io.kubernetes.pod.uid': '12345678' });
  t.deepEqual(cfg.annotations, { note: 'x' });
  t.is(cfg.logDirectory, '/var/log/pods/new_foo_12345678');
  t.is(cfg.hostname, 'foo');
  t.deepEqual(cfg.portMappings, [{ protocol: 'TCP', containerPort: 80 }, { protocol: 'UDP', containerPort: 53, hostPort: 5353 }]);
  t.is(cfg.dnsConfig?.servers[0], '10.96.0.10');
});

test('hostname: spec.hostname wins; long names are cut to 63 characters without a trailing dash', (t) => {
  const p = pod();
  p.spec!.hostname = 'custom';
  t.is(podHostname(p), 'custom');
  const long = pod();
  long.metadata!.name = `${'a'.repeat(62)}-bbb`;
  t.is(podHostname(long), 'a'.repeat(62));
});

test('container config: attempt and log path from the restart count, the kubelet annotations', (t) => {
  const p = pod({ containers: ['nginx'] });
  p.metadata!.deletionGracePeriodSeconds = 10;
  p.spec!.containers[0] = { name: 'nginx', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } }, ports: [{ containerPort: 80 }] };
  const cfg = containerConfigFor(p, p.spec!.containers[0], { restartCount: 3, envs: [{ key: 'A', value: '1' }] });
  t.deepEqual(cfg.metadata, { name: 'nginx', attempt: 3 });
  t.is(cfg.logPath, 'nginx/3.log');
  t.is(cfg.image.image, 'nginx:1.27');
  t.deepEqual(cfg.labels, { 'io.kubernetes.pod.name': 'foo', 'io.kubernetes.pod.namespace': 'new', 'io.kubernetes.pod.uid': '12345678', 'io.kubernetes.container.name': 'nginx' });
  t.deepEqual(cfg.annotations, {
    'io.kubernetes.container.hash': containerHash(p.spec!.containers[0]),
    'io.kubernetes.container.restartCount': '3',
    'io.kubernetes.container.terminationMessagePath': '/dev/termination-log',
    'io.kubernetes.container.terminationMessagePolicy': 'File',
    'io.kubernetes.pod.deletionGracePeriod': '10',
    'io.kubernetes.pod.terminationGracePeriod': '30',
    'io.kubernetes.container.preStopHandler': '{"exec":{"command":["sleep","5"]}}',
    'io.kubernetes.container.ports': '[{"containerPort":80}]',
  });
});

test("the spec hash is the kubelet's (its v1.31 test value) and follows name and image only", (t) => {
  t.is(containerHash({ name: 'test_container', image: 'foo/image:v1' }), '8e45cbd0');
  const a = containerHash({ name: 'nginx', image: 'nginx:1.27' });
  t.regex(a, /^[0-9a-f]+$/);
  t.is(containerHash({ name: 'nginx', image: 'nginx:1.27' }), a);
  t.not(containerHash({ name: 'nginx', image: 'nginx:1.28' }), a);
  t.not(containerHash({ name: 'other', image: 'nginx:1.27' }), a);
});

test('restart count: one more than the latest container of that name', (t) => {
  const p = pod();
  const s = { sandboxes: [sandbox()], containers: [container(p, 'foo1', 'CONTAINER_EXITED', { restartCount: 1, createdAt: 5 }), container(p, 'foo1', 'CONTAINER_EXITED', { restartCount: 4, createdAt: 9 })] };
  t.is(nextRestartCount(s, 'foo1'), 5);
  t.is(nextRestartCount(s, 'foo2'), 0);
});

test('pod grace period: deletion grace, else the spec; an override only lowers; never below 1', (t) => {
  const p = pod();
  t.is(podGracePeriod(p), 30);
  p.metadata!.deletionGracePeriodSeconds = 10;
  t.is(podGracePeriod(p), 10);
  t.is(podGracePeriod(p, 3), 3);
  t.is(podGracePeriod(p, 60), 10);
  p.metadata!.deletionGracePeriodSeconds = 0;
  t.is(podGracePeriod(p), 30);
  p.spec!.terminationGracePeriodSeconds = 0;
  t.is(podGracePeriod(p), 1);
  t.is(stopTimeout(30, 29.5), 2);
  t.is(stopTimeout(30, 10.7), 20);
});

test('kill plan: regular containers stop together, sidecars in reverse order after them', (t) => {
  const p = pod({ sidecars: ['side1', 'side2'], containers: ['app1', 'app2'] });
  p.spec!.containers[0]!.lifecycle = { preStop: { exec: { command: ['drain'] } } };
  const cs = ['side1', 'side2', 'app1', 'app2'].map((n) => container(p, n, 'CONTAINER_RUNNING', { id: n }));
  const plan = killPodPlan(p, cs, 1000, { sandboxIds: ['sandbox-1'] });
  t.is(plan.gracePeriodSeconds, 30);
  t.is(plan.deadline, 31_000);
  const by = Object.fromEntries(plan.containers.map((c) => [c.name, c]));
  t.deepEqual(by.app1?.waitFor, []);
  t.deepEqual(by.app1?.preStop, { exec: { command: ['drain'] } });
  t.deepEqual(by.side2?.waitFor, ['app1', 'app2']);
  t.deepEqual(by.side1?.waitFor, ['app1', 'app2', 'side2']);
  t.deepEqual(plan.stopSandboxes, ['sandbox-1']);
});

test('kill plan: exited containers are not stopped again and are not waited for', (t) => {
  const p = pod({ sidecars: ['side1'], containers: ['app1', 'app2'] });
  const cs = [container(p, 'side1', 'CONTAINER_RUNNING'), container(p, 'app1', 'CONTAINER_EXITED'), container(p, 'app2', 'CONTAINER_RUNNING')];
  const plan = killPodPlan(p, cs, 0);
  t.deepEqual(plan.containers.map((c) => [c.name, c.waitFor]), [['side1', ['app2']], ['app2', []]]);
});

test('deletion is confirmed (grace 0, uid precondition) only once terminal and nothing runs', (t) => {
  const p = pod();
  const done = { phase: 'Succeeded', containers: [container(p, 'foo1', 'CONTAINER_EXITED')], sandboxesReady: 0, volumesCleaned: true };
  t.is(confirmDeletion(p, done), null, 'not being deleted');
  p.metadata!.deletionTimestamp = '2026-01-01T00:00:30Z';
  t.deepEqual(confirmDeletion(p, done), { gracePeriodSeconds: 0, preconditions: { uid: '12345678' } });
  t.is(confirmDeletion(p, { ...done, phase: 'Running' }), null);
  t.is(confirmDeletion(p, { ...done, containers: [container(p, 'foo1', 'CONTAINER_RUNNING')] }), null);
  t.is(confirmDeletion(p, { ...done, sandboxesReady: 1 }), null);
  t.is(confirmDeletion(p, { ...done, volumesCleaned: false }), null);
});

test('linux resources: shares from the request, quota from the limit, the memory limit, the OOM score given', (t) => {
  const c = { name: 'web', image: 'nginx', resources: { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } };
  t.deepEqual(linuxResourcesFor(c, 969), { cpuShares: 256, cpuPeriod: 100_000, cpuQuota: 50_000, memoryLimitInBytes: 268_435_456, oomScoreAdj: 969 });
  t.deepEqual(linuxResourcesFor({ name: 'b', image: 'x' }, 1000), { cpuShares: 2, cpuPeriod: 0, cpuQuota: 0, memoryLimitInBytes: 0, oomScoreAdj: 1000 });
  t.deepEqual([milliCPUToShares(0), milliCPUToShares(1), milliCPUToShares(1000), milliCPUToShares(1e9)], [2, 2, 1024, 262_144]);
});
