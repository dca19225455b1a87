// The apiserver end to end: a scenario's calls through real replicas, etcd underneath.

import test from 'ava';
import { KubeError } from '../../../protocols/kube/kube-error.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario, type ScenarioContext } from '../../../scenarios/scenario.ts';
import './burst.tests.ts';

const configMap = (name: string, data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

async function failure(p: Promise<unknown>): Promise<KubeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KubeError) return e;
    throw e;
  }
  throw new Error('the call succeeded');
}

function scenario(script: (s: ScenarioContext) => Promise<void>) {
  return defineScenario({ name: 'crud', description: '', setup: (s) => void s.cluster({ workers: 0, apiserverOnly: true }), script });
}

test('create, get, update with a stale resourceVersion, delete', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('3s');
      const created = await s.kube.create(configMap('web', { a: '1' }));
      seen.created = created;
      seen.got = await s.kube.get('cm', 'web');
      seen.again = (await failure(s.kube.create(configMap('web', {})))).status;
      const updated = await s.kube.update({ ...created, data: { a: '2' } });
      seen.updated = updated;
      seen.stale = (await failure(s.kube.update({ ...created, data: { a: '3' } }))).status;
      seen.deleted = await s.kube.delete('configmaps', 'web');
      seen.gone = (await failure(s.kube.get('configmap', 'web'))).status;
    }),
    { seed: 7 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  const created = seen.created as KubeObject;
  t.regex(created.metadata.uid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.regex(created.metadata.creationTimestamp ?? '', /^2026-01-01T00:00:0\dZ$/);
  t.deepEqual((seen.got as KubeObject).data, { a: '1' });
  t.is((seen.got as KubeObject).metadata.resourceVersion, created.metadata.resourceVersion);
  t.like(seen.again as object, { code: 409, reason: 'AlreadyExists', message: 'configmaps "web" already exists' });
  t.true(Number((seen.updated as KubeObject).metadata.resourceVersion) > Number(created.metadata.resourceVersion));
  t.like(seen.stale as object, {
    code: 409,
    reason: 'Conflict',
    message: 'Operation cannot be fulfilled on configmaps "web": the object has been modified; please apply your changes to the latest version and try again',
  });
  t.like(seen.deleted as object, { kind: 'Status', status: 'Success', details: { name: 'web', kind: 'configmaps', uid: created.metadata.uid } });
  t.like(seen.gone as object, { code: 404, reason: 'NotFound', message: 'configmaps "web" not found' });
});

test('a watch sees every change in resourceVersion order; lists read the cache consistently', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('3s');
      const heard: string[] = [];
      const w = await s.kube.watch('configmaps', { namespace: 'default' }, (e) => heard.push(`${e.type} ${(e.object as KubeObject).metadata.name}`));
      await s.advance('100ms');
      const a = await s.kube.create(configMap('a', { n: '1' }));
      await s.kube.create(configMap('b', { n: '1' }));
      await s.kube.update({ ...a, data: { n: '2' } });
      await s.kube.delete('cm', 'b');
      seen.list = await s.kube.list('configmaps', { namespace: 'default' });
      seen.page = await s.kube.list('configmaps', { namespace: 'default', limit: 1 });
      await s.advance('1s');
      seen.heard = heard;
      seen.versions = w.events.map((e) => Number((e.object as KubeObject).metadata.resourceVersion));
      w.stop();
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual(seen.heard, ['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
  const versions = seen.versions as number[];
  t.deepEqual([...versions].sort((x, y) => x - y), versions);
  t.is(new Set(versions).size, versions.length);
  const list = seen.list as { items: KubeObject[]; metadata: { resourceVersion: string } };
  t.deepEqual(list.items.map((o) => [o.metadata.name, o.data]), [['a', { n: '2' }]]);
  t.is(Number(list.metadata.resourceVersion), versions[versions.length - 1]!);
  const page = seen.page as { items: KubeObject[]; metadata: { continue?: string } };
  t.is(page.items.length, 1);
});

test('three replicas: every write is read back from every replica, and a crashed replica loses nothing acknowledged', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    defineScenario({
      name: 'ha',
      description: '',
      setup: (s) => void s.cluster({ controlPlanes: 3, workers: 0, apiserverOnly: true }),
      script: async (s) => {
        await s.advance('3s');
        const acked: string[] = [];
        for (let i = 0; i < 6; i++) {
          if (i === 3) s.crashHost('control-plane-2');
          acked.push((await s.kube.create(configMap(`c${i}`, { i: String(i) }))).metadata.name!);
        }
        s.restartHost('control-plane-2');
        await s.advance('5s');
        const lists: string[][] = [];
        for (let i = 0; i < 3; i++) lists.push((await s.kube.list('cm', { namespace: 'default' })).items.map((o) => o.metadata.name!));
        seen.acked = acked;
        seen.lists = lists;
      },
    }),
    { seed: 11 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  const acked = seen.acked as string[];
  t.is(acked.length, 6);
  for (const names of seen.lists as string[][]) t.deepEqual(names, acked);
});

test('admission: no creating in a missing namespace; a ResourceQuota refuses what exceeds it and counts what it admits', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('3s');
      seen.missing = (await failure(s.kube.create({ ...configMap('x', {}), metadata: { name: 'x', namespace: 'nope' } }))).status;
      await s.kube.create({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'cms', namespace: 'default' }, spec: { hard: { configmaps: '2' } } });
      await s.advance('1s');
      await s.kube.create(configMap('one', {}));
      await s.kube.create(configMap('two', {}));
      seen.third = (await failure(s.kube.create(configMap('three', {})))).status;
      seen.quota = await s.kube.get('quota', 'cms');
    }),
    { seed: 4 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.missing as object, { code: 404, reason: 'NotFound', message: 'namespaces "nope" not found' });
  t.like(seen.third as object, { code: 403, reason: 'Forbidden', message: 'configmaps "three" is forbidden: exceeded quota: cms, requested: configmaps=1, used: configmaps=2, limited: configmaps=2' });
  t.like(seen.quota as object, { status: { used: { configmaps: '2' } } });
});

test('events are selected by their fields; a field the kind does not offer is a 400', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('3s');
      const event = (name: string, about: string): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'default' }, involvedObject: { kind: 'ConfigMap', name: about, namespace: 'default' }, reason: 'Tested', message: 'm', type: 'Normal' });
      await s.kube.create(event('e1', 'src-a'));
      await s.kube.create(event('e2', 'src-b'));
      seen.byName = (await s.kube.list('events', { namespace: 'default', fieldSelector: 'involvedObject.name=src-a' })).items.map((o) => o.metadata.name);
      seen.byReason = (await s.kube.list('events', { namespace: 'default', fieldSelector: 'reason=Tested' })).items.length;
      seen.unknown = (await failure(s.kube.list('events', { namespace: 'default', fieldSelector: 'spec.nothing=x' }))).status;
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual(seen.byName, ['e1']);
  t.is(seen.byReason, 2);
  t.like(seen.unknown as object, { code: 400, message: 'field label not supported: spec.nothing' });
});
