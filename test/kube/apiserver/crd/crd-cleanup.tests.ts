// Deleting a CRD deletes its custom resources first: the finalizer, the Terminating condition's
// reasons as apiextensions-apiserver writes them, creates refused meanwhile, and a custom resource
// with a finalizer of its own holding the CRD until it goes.

import test from 'ava';
import { CLEANUP_FINALIZER, markForCleanup, withCondition } from '../../../../actors/kube-apiserver/crd/cleanup.ts';
import { KubeError } from '../../../../protocols/kube/kube-error.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { runScenario } from '../../../../scenarios/runner.ts';
import { defineScenario } from '../../../../scenarios/scenario.ts';
import { cronTabCRD } from './crontab.ts';

const CRD = cronTabCRD({ type: 'object', properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } }) as unknown as KubeObject;
const cronTab = (name: string, namespace: string, finalizers?: string[]): KubeObject =>
  ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name, namespace, ...(finalizers ? { finalizers } : {}) }, spec: { image: 'x' } });
const conditions = (o: KubeObject | undefined) => ((o?.status as { conditions?: { type: string; status: string; reason?: string; message?: string }[] })?.conditions ?? []);
const terminating = (o: KubeObject | undefined) => conditions(o).find((c) => c.type === 'Terminating');

test('markForCleanup: deletionTimestamp, the cleanup finalizer once, Terminating True InstanceDeletionPending; SetCRDCondition keeps the transition time while the status holds', (t) => {
  const crd = { ...CRD, metadata: { ...CRD.metadata, finalizers: ['other'] } };
  const marked = markForCleanup(crd, Date.UTC(2026, 0, 1, 0, 0, 5))!;
  t.is(marked.metadata.deletionTimestamp, '2026-01-01T00:00:05Z');
  t.deepEqual(marked.metadata.finalizers, ['other', CLEANUP_FINALIZER]);
  t.deepEqual(terminating(marked), { type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending', message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon', lastTransitionTime: '2026-01-01T00:00:05Z' } as never);
  t.is(markForCleanup(marked, 0), undefined);
  const later = withCondition(marked, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress' }, '2026-01-01T00:01:00Z');
  t.is((terminating(later) as { lastTransitionTime?: string }).lastTransitionTime, '2026-01-01T00:00:05Z');
  const done = withCondition(later, { type: 'Terminating', status: 'False' }, '2026-01-01T00:02:00Z');
  t.is((terminating(done) as { lastTransitionTime?: string }).lastTransitionTime, '2026-01-01T00:02:00Z');
});

test('deleting a CRD deletes its custom resources, refuses new ones meanwhile, and waits for one held by its own finalizer', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    defineScenario({
      name: 'crd-cleanup',
      description: '',
      setup: (s) => void s.cluster({ workers: 0, apiserverOnly: true }),
      script: async (s) => {
        await s.advance('3s');
        await s.kube.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
        await s.kube.create(CRD);
        await s.kube.waitFor('crd', 'crontabs.stable.example.com', (o) => conditions(o).some((c) => c.type === 'Established' && c.status === 'True'), { within: 10_000 });
        await s.kube.create(cronTab('a', 'default'));
        await s.kube.create(cronTab('b', 'other'));
        await s.kube.create(cronTab('held', 'other', ['example.com/hold']));
        seen.deleted = await s.kube.delete('crd', 'crontabs.stable.example.com');
        seen.deletedAt = s.now();
        try {
          await s.kube.create(cronTab('late', 'default'));
        } catch (e) {
          seen.late = e instanceof KubeError ? e.status : String(e);
        }
        await s.advance('10s');
        seen.during = await s.kube.get('crd', 'crontabs.stable.example.com');
        seen.left = (await s.kube.list('crontabs.stable.example.com')).items;
        // A minute of polling in vain: InstanceDeletionCheck, then the cleanup starts over.
        const reason = (why: string) => (o: KubeObject) => terminating(o)?.reason === why;
        seen.check = await s.kube.waitFor('crd', 'crontabs.stable.example.com', reason('InstanceDeletionCheck'), { within: 90_000 });
        seen.checkAt = s.now();
        seen.again = await s.kube.waitFor('crd', 'crontabs.stable.example.com', reason('InstanceDeletionInProgress'), { within: 30_000 });
        await s.kube.patch('crontabs.stable.example.com', 'held', JSON.stringify({ metadata: { finalizers: null } }), { type: 'merge', namespace: 'other' });
        await s.advance('10s');
        try {
          seen.after = await s.kube.get('crd', 'crontabs.stable.example.com');
        } catch (e) {
          seen.after = e instanceof KubeError ? e.status.code : String(e);
        }
      },
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  const deleted = seen.deleted as KubeObject;
  t.true(deleted.metadata.finalizers?.includes(CLEANUP_FINALIZER));
  t.like(terminating(deleted) ?? {}, { status: 'True', reason: 'InstanceDeletionPending' });
  t.like(seen.late as object, { code: 405, reason: 'MethodNotAllowed', message: 'create not allowed while custom resource definition is terminating' });
  t.like(terminating(seen.during as KubeObject) ?? {}, { status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
  const left = seen.left as KubeObject[];
  t.deepEqual(left.map((o) => `${o.metadata.namespace}/${o.metadata.name}`), ['other/held']);
  t.truthy(left[0]!.metadata.deletionTimestamp);
  t.like(terminating(seen.check as KubeObject) ?? {}, { status: 'True', reason: 'InstanceDeletionCheck', message: 'could not confirm zero CustomResources remaining: timed out waiting for the condition' });
  t.true((seen.checkAt as number) - (seen.deletedAt as number) >= 60_000, 'not before a minute of polling');
  t.like(terminating(seen.again as KubeObject) ?? {}, { status: 'True', reason: 'InstanceDeletionInProgress' });
  t.is(seen.after, 404);
});
