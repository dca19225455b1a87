// The status subresource's prepareForUpdate takes the stored object's parts without copying
// them below the top level and metadata: what it gives must be what a full copy gives, and what
// kinds then change in place (a Deployment's annotations, a Pod's qosClass) must not reach the
// stored object it was given.

import test from 'ava';
import fc from 'fast-check';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { cloneBody } from '../../../../actors/kube-apiserver/registry/body.ts';
import { genericStrategy, topAndMetadataCopy } from '../../../../actors/kube-apiserver/strategies/generic.ts';
import { deploymentStrategy } from '../../../../actors/kube-apiserver/strategies/workloads/deployment.ts';
import { podStrategy } from '../../../../actors/kube-apiserver/strategies/workloads/pod-strategy.ts';

const ctx = { now: '2026-01-01T00:00:00Z' } as never;

test('status prepare: the top level and metadata copied, as cloneBody copies them, the rest shared', (t) => {
  const obj = fc.record({ apiVersion: fc.constant('v1'), metadata: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })), fc.constant(['odd'])), spec: fc.jsonValue({ maxDepth: 2 }), status: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['metadata'] });
  fc.assert(
    fc.property(obj, (o) => {
      const copy = topAndMetadataCopy(o as unknown as KubeObject);
      t.is(JSON.stringify(copy), JSON.stringify(cloneBody(o)));
      t.deepEqual(Object.keys(copy), Object.keys(o));
      t.not(copy, o as never);
      t.not(copy.metadata, (o as never as KubeObject).metadata);
      if ('spec' in o) t.is((copy as never as { spec: unknown }).spec, o.spec);
    }),
    { numRuns: 150 },
  );
});

const stored = (): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'default', uid: 'u', annotations: { 'deployment.kubernetes.io/revision': '1' }, labels: { app: 'x' } },
  spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
});

test('status prepare: a kind changing the result in place leaves the stored object as it was', (t) => {
  for (const strategy of [deploymentStrategy, genericStrategy(true)]) {
    const old = stored();
    const before = JSON.stringify(old);
    const incoming = { ...cloneBody(old), metadata: { name: 'd', namespace: 'default' }, spec: { replicas: 5 }, status: { replicas: 2 } } as KubeObject;
    strategy.status!.prepareForUpdate(incoming, old, ctx);
    t.is(JSON.stringify(old), before);
    t.deepEqual(incoming.spec, old.spec, "the stored spec kept");
    t.deepEqual(incoming.status, { replicas: 2 });
    // What follows prepareForUpdate in the write changes the metadata in place (or a kind does).
    delete (incoming.metadata as Record<string, unknown>)['labels'];
    t.is(JSON.stringify(old), before);
  }
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { phase: 'Pending', qosClass: 'BestEffort' } } as KubeObject;
  const podBefore = JSON.stringify(pod);
  const next = { ...cloneBody(pod), status: { phase: 'Running' } } as KubeObject;
  podStrategy.status!.prepareForUpdate(next, pod, ctx);
  t.deepEqual(next.status, { phase: 'Running', qosClass: 'BestEffort' });
  t.is(JSON.stringify(pod), podBefore);
});
