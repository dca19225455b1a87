// Who may do what, and Secrets at rest: tokens, RBAC with the bootstrap policy, and values that
// reach etcd (and the trace) only encrypted or redacted.

import test from 'ava';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeError } from '../../../protocols/kube/kube-error.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario, type ScenarioContext } from '../../../scenarios/scenario.ts';

async function status(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'allowed';
  } catch (e) {
    if (e instanceof KubeError) return e.status;
    throw e;
  }
}

const scenario = (script: (s: ScenarioContext) => Promise<void>) => defineScenario({ name: 'security', description: '', setup: (s) => void s.cluster({ workers: 1 }), script });

test('anonymous, unknown tokens and components get what the bootstrap policy gives them', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('4s');
      seen.anonymous = await status(s.kube.as(undefined).list('pods', { namespace: 'default' }));
      seen.unknown = await status(s.kube.as('not-a-token').list('pods', { namespace: 'default' }));
      const scheduler = s.kube.as(s.cluster().token('kube-scheduler'));
      seen.schedulerLists = await status(scheduler.list('pods'));
      seen.schedulerDeletes = await status(scheduler.delete('namespace', 'kube-public'));
      const kubelet = s.kube.as(s.cluster().token('kubelet:worker-1'));
      seen.kubeletListsNodes = await status(kubelet.list('nodes'));
      seen.kubeletReadsItsNode = await status(kubelet.list('nodes', { fieldSelector: 'metadata.name=worker-1' }));
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.anonymous as object, { code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"' });
  t.like(seen.unknown as object, { code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
  t.is(seen.schedulerLists, 'allowed');
  t.like(seen.schedulerDeletes as object, { code: 403, message: 'namespaces "kube-public" is forbidden: User "system:kube-scheduler" cannot delete resource "namespaces" in API group "" at the cluster scope' });
  t.like(seen.kubeletListsNodes as object, {
    code: 403,
    message: `nodes is forbidden: User "system:node:worker-1" cannot list resource "nodes" in API group "" at the cluster scope: node 'worker-1' cannot read all nodes, only its own Node object`,
  });
  t.is(seen.kubeletReadsItsNode, 'allowed', 'its own Node through a metadata.name field selector');
});

test('Node,RBAC: a kubelet reads the secrets of the pods on its node, by name, only while they are there', async (t) => {
  const seen: Record<string, unknown> = {};
  const secret = (name: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'default' }, data: { k: 'dg==' } });
  const pod = (name: string, node: string, secretName: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }], volumes: [{ name: 's', secret: { secretName } }] },
  });
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('4s');
      const kubelet = s.kube.as(s.cluster().token('kubelet:worker-1'));
      for (const name of ['mine', 'x']) await s.kube.create(secret(name));
      seen.beforePod = await status(kubelet.get('secret', 'mine'));
      await s.kube.create(pod('here', 'worker-1', 'mine'));
      await s.kube.create(pod('there', 'control-plane-1', 'x'));
      await s.advance('1s');
      seen.mine = await status(kubelet.get('secret', 'mine'));
      seen.byName = await status(kubelet.list('secret', { namespace: 'default', fieldSelector: 'metadata.name=mine' }));
      seen.x = await status(kubelet.get('secret', 'x'));
      seen.all = await status(kubelet.list('secret', { namespace: 'default' }));
      await s.kube.delete('pod', 'here', { gracePeriodSeconds: 0 });
      await s.advance('2s');
      seen.afterPod = await status(kubelet.get('secret', 'mine'));
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  const noRelationship = (name: string) => `secrets "${name}" is forbidden: User "system:node:worker-1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'worker-1' and this object`;
  t.like(seen.beforePod as object, { code: 403, message: noRelationship('mine') }, 'no pod refers to it yet');
  t.is(seen.mine, 'allowed');
  t.is(seen.byName, 'allowed', 'a list or watch of one secret by a metadata.name field selector');
  t.like(seen.x as object, { code: 403, reason: 'Forbidden', message: noRelationship('x') });
  t.like(seen.all as object, { code: 403, message: 'secrets is forbidden: User "system:node:worker-1" cannot list resource "secrets" in API group "" in the namespace "default": No Object name found' });
  t.like(seen.afterPod as object, { code: 403, message: noRelationship('mine') }, 'gone with the pod');
});

test('a Secret is stored encrypted with the aescbc prefix, read back in the clear, and redacted in the trace', async (t) => {
  const file = join(tmpdir(), `kyb-secret-${process.pid}.trace`);
  const seen: Record<string, unknown> = {};
  const value = Buffer.from('s3cr3t-passw0rd-value').toString('base64');
  const run = await runScenario(
    scenario(async (s) => {
      await s.advance('4s');
      await s.kube.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'default' }, data: { password: value } });
      seen.read = await s.kube.get('secret', 'db');
      seen.stored = s.cluster().etcd.state('control-plane-1')?.store.range('/registry/secrets/default/db').kvs[0]?.value;
    }),
    { traceFile: file },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual((seen.read as { data: unknown }).data, { password: value });
  t.true(String(seen.stored).startsWith('k8s:enc:aescbc:v1:key1:'), String(seen.stored).slice(0, 40));
  t.false(String(seen.stored).includes(value));
  const trace = readFileSync(file);
  t.true(trace.length > 1000);
  t.false(trace.includes(value), 'the secret value appears in the trace');
  t.false(trace.includes('s3cr3t'), 'the decoded secret appears in the trace');
  rmSync(file, { force: true });
});
