// The runtime's records as a pure core: statuses, list filters, deaths, recovery.

import test from 'ava';
import fc from 'fast-check';
import type { ContainerConfig, PodSandboxConfig } from '../../../protocols/kube/cri.ts';
import {
  type ContainerRecord,
  containerStatus,
  emptyRecords,
  exited,
  KILLED_EXIT,
  listContainers,
  listSandboxes,
  type Records,
  recover,
  type SandboxRecord,
  sandboxDied,
  sandboxStatus,
  sandboxWithIp,
  SHIM_DIED_EXIT,
  withContainer,
  withSandbox,
} from '../../../actors/container-runtime/records.ts';
import { containerName, newId, sandboxActorName, sandboxName } from '../../../actors/container-runtime/ids.ts';

const sbConfig = (name: string, labels: Record<string, string> = {}): PodSandboxConfig => ({
  metadata: { name, uid: `u-${name}`, namespace: 'ns', attempt: 0 },
  hostname: name,
  logDirectory: '/var/log/pods/x',
  portMappings: [],
  labels,
  annotations: {},
});

const sandbox = (id: string, at: number, state: SandboxRecord['state'] = 'SANDBOX_READY', labels: Record<string, string> = {}, ips: string[] = []): SandboxRecord => ({
  id,
  name: `n-${id}`,
  metadata: sbConfig(id).metadata,
  config: sbConfig(id, labels),
  runtimeHandler: '',
  state,
  createdAt: at,
  network: 'up',
  ips,
  netns: '',
});

const ctrConfig = (name: string, labels: Record<string, string> = {}): ContainerConfig => ({
  metadata: { name, attempt: 0 },
  image: { image: 'nginx' },
  command: [],
  args: [],
  workingDir: '',
  envs: [],
  mounts: [],
  labels,
  annotations: {},
  logPath: `${name}/0.log`,
});

const container = (id: string, sandboxId: string, at: number, state: ContainerRecord['state'] = 'CONTAINER_RUNNING', labels: Record<string, string> = {}): ContainerRecord => ({
  id,
  name: `c-${id}`,
  sandboxId,
  metadata: { name: id, attempt: 0 },
  config: ctrConfig(id, labels),
  imageRef: 'sha256:x',
  logPath: `/var/log/pods/x/${id}/0.log`,
  state,
  createdAt: at,
  startedAt: state === 'CONTAINER_CREATED' ? 0 : at,
  finishedAt: 0,
  exitCode: 0,
  reason: '',
  message: '',
});

function world(): Records {
  let r: Records = emptyRecords;
  r = withSandbox(r, sandbox('aa11', 2, 'SANDBOX_READY', { app: 'web' }, ['10.244.1.2', 'fd00::2']));
  r = withSandbox(r, sandbox('bb22', 1, 'SANDBOX_NOTREADY', { app: 'db' }, ['10.244.1.3']));
  r = withContainer(r, container('c1', 'aa11', 3, 'CONTAINER_RUNNING', { tier: 'front' }));
  r = withContainer(r, container('c2', 'aa11', 4, 'CONTAINER_CREATED'));
  r = withContainer(r, container('c3', 'bb22', 5, 'CONTAINER_EXITED', { tier: 'front' }));
  return r;
}

// Filters as CRI's ListPodSandbox/ListContainers tests give them: id (by prefix), state, labels, sandbox.
const sandboxCases: [string, Parameters<typeof listSandboxes>[1], string[]][] = [
  ['no filter lists all, oldest first', undefined, ['bb22', 'aa11']],
  ['by state', { state: 'SANDBOX_READY' }, ['aa11']],
  ['by id prefix', { id: 'bb' }, ['bb22']],
  ['by label', { labelSelector: { app: 'web' } }, ['aa11']],
  ['labels must all match', { labelSelector: { app: 'web', x: 'y' } }, []],
  ['state and label together', { state: 'SANDBOX_NOTREADY', labelSelector: { app: 'web' } }, []],
];
for (const [name, filter, want] of sandboxCases) test(`ListPodSandbox: ${name}`, (t) => t.deepEqual(listSandboxes(world(), filter).map((s) => s.id), want));

const containerCases: [string, Parameters<typeof listContainers>[1], string[]][] = [
  ['no filter', undefined, ['c1', 'c2', 'c3']],
  ['by sandbox', { podSandboxId: 'aa11' }, ['c1', 'c2']],
  ['by state', { state: 'CONTAINER_EXITED' }, ['c3']],
  ['by label', { labelSelector: { tier: 'front' } }, ['c1', 'c3']],
  ['by id', { id: 'c2' }, ['c2']],
  ['sandbox and label', { podSandboxId: 'bb22', labelSelector: { tier: 'front' } }, ['c3']],
];
for (const [name, filter, want] of containerCases) test(`ListContainers: ${name}`, (t) => t.deepEqual(listContainers(world(), filter).map((c) => c.id), want));

test('an exit without a reason reads Completed for 0 and Error otherwise; OOMKilled stays', (t) => {
  const c = container('x', 'aa11', 1);
  t.is(containerStatus(exited(c, { exitCode: 0, reason: '', message: '', at: 9 })).reason, 'Completed');
  t.is(containerStatus(exited(c, { exitCode: 1, reason: '', message: '', at: 9 })).reason, 'Error');
  t.is(containerStatus(exited(c, { exitCode: 137, reason: 'OOMKilled', message: '', at: 9 })).reason, 'OOMKilled');
  t.is(containerStatus(c).reason, '');
});

test('an exit is recorded once: a second one changes nothing; a created container does not exit', (t) => {
  const c = exited(container('x', 'aa11', 1), { ...KILLED_EXIT, at: 5 });
  t.is(exited(c, { exitCode: 0, reason: 'Completed', message: '', at: 7 }), c);
  const created = container('y', 'aa11', 1, 'CONTAINER_CREATED');
  t.is(exited(created, { ...KILLED_EXIT, at: 5 }), created);
});

test('a sandbox that dies goes NOTREADY, keeps its IPs, and exits its running containers only', (t) => {
  const { records, changed } = sandboxDied(world(), 'aa11', { ...SHIM_DIED_EXIT, at: 10 });
  t.deepEqual(changed, ['c1']);
  t.like(sandboxStatus(records.sandboxes['aa11']!), { state: 'SANDBOX_NOTREADY', network: { ip: '10.244.1.2', additionalIps: [{ ip: 'fd00::2' }] } });
  t.like(records.containers['c1'], { state: 'CONTAINER_EXITED', exitCode: 255, finishedAt: 10 });
  t.like(records.containers['c2'], { state: 'CONTAINER_CREATED' });
});

test('recovery after a restart: every sandbox NOTREADY, every running container EXITED 255 Unknown', (t) => {
  const r = recover(world(), 50);
  t.true(Object.values(r.sandboxes).every((s) => s.state === 'SANDBOX_NOTREADY'));
  t.like(containerStatus(r.containers['c1']!), { state: 'CONTAINER_EXITED', exitCode: 255, reason: 'Unknown', finishedAt: 50 });
  t.deepEqual(recover(r, 60), r);
});

test('only a READY sandbox answers for its IPs', (t) => {
  t.is(sandboxWithIp(world(), 'fd00::2')?.id, 'aa11');
  t.is(sandboxWithIp(world(), '10.244.1.3'), undefined);
});

test('names as containerd reserves them, and actor names the tree can show', (t) => {
  const md = { name: 'web-7c9f', uid: 'u1', namespace: 'default', attempt: 2 };
  t.is(sandboxName(md), 'web-7c9f_default_u1_2');
  t.is(containerName({ name: 'nginx', attempt: 3 }, md), 'nginx_web-7c9f_default_u1_3');
  t.is(sandboxActorName(md), 'default_web-7c9f_2');
});

test('ids are 64 lowercase hex characters for any stream', (t) => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 8, maxLength: 8 }), (xs) => {
      let i = 0;
      return /^[0-9a-f]{64}$/.test(newId(() => xs[i++]!));
    }),
  );
  t.pass();
});
