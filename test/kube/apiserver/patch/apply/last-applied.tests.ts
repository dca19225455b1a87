// kubectl's move from client-side to server-side apply, with cases from apimachinery's
// lastappliedmanager tests: fields kubectl last applied, unchanged since, do not conflict.

import test from 'ava';
import { parse } from 'yaml';
import { type JsonObject, apply, trackUpdate } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';
import { LAST_APPLIED } from '../../../../../actors/kube-apiserver/patch/apply/last-applied.ts';

const ctx = (now: string) => ({ schema: kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' }), apiVersion: 'apps/v1', kind: 'Deployment', now });
const T1 = '2026-12-01T10:00:00Z';
const T2 = '2026-12-01T10:01:00Z';

const deployment = (labels: string | undefined, replicas: number, selector: string, image: string, extra = ''): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: my-deployment
${labels ? `  labels:\n    app: ${labels}\n` : ''}spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${selector}
  template:
    metadata:
      labels:
        app: ${selector}
    spec:
      containers:
      - name: my-c
        image: ${image}
${extra}`;

// The object as client-side apply left it: written by an Update manager, with the annotation.
function clientSideApplied(original: string, lastApplied: string): JsonObject {
  const obj = parse(original) as JsonObject;
  const meta = obj['metadata'] as JsonObject;
  const withAnnotation = { ...obj, metadata: { ...meta, annotations: { [LAST_APPLIED]: JSON.stringify(parse(lastApplied)) } } };
  const mf = trackUpdate(undefined, withAnnotation, 'test_client_side_apply', ctx(T1));
  return { ...withAnnotation, metadata: { ...(withAnnotation.metadata as JsonObject), uid: 'u1', managedFields: mf as unknown as JsonObject[] } };
}

test('only the fields changed since the last client-side apply conflict', (t) => {
  const lastApplied = deployment(undefined, 3, 'my-app', 'my-image-v1', '      - name: my-c2\n        image: my-image2\n');
  const live = clientSideApplied(deployment('my-app', 100, 'my-app', 'my-image-v2'), lastApplied);
  const config = parse(deployment('my-new-label', 333, 'my-new-label', 'my-image-new')) as JsonObject;
  const r = apply(live, config, 'kubectl', false, ctx(T2));
  t.false(r.ok);
  if (!r.ok) {
    t.is(
      r.status.message,
      'Apply failed with 3 conflicts: conflicts with "test_client_side_apply" using apps/v1:\n- .metadata.labels.app\n- .spec.replicas\n- .spec.template.spec.containers[name="my-c"].image',
    );
  }
  const forced = apply(live, config, 'kubectl', true, ctx(T2));
  t.true(forced.ok);
});

test('a field still at its last-applied value is taken over; one changed since conflicts', (t) => {
  const lastApplied = deployment('my-app', 3, 'my-app', 'my-image');
  const live = clientSideApplied(deployment('my-app', 100, 'my-app', 'my-image'), lastApplied);
  const config = parse(deployment('my-new-label', 3, 'my-app', 'my-image')) as JsonObject;
  const r = apply(live, config, 'kubectl', false, ctx(T2));
  t.false(r.ok);
  if (!r.ok) t.is(r.status.message, 'Apply failed with 1 conflict: conflict with "test_client_side_apply" using apps/v1: .spec.replicas');
});

test('with no conflict left, kubectl takes over and the annotation records the new configuration', (t) => {
  const manifest = deployment('my-app', 3, 'my-app', 'my-image');
  const live = clientSideApplied(manifest, manifest);
  const config = parse(deployment('my-new-label', 3, 'my-app', 'my-image')) as JsonObject;
  const r = apply(live, config, 'kubectl', false, ctx(T2));
  t.true(r.ok);
  if (r.ok) {
    const annotations = (r.object['metadata'] as JsonObject)['annotations'] as JsonObject;
    t.deepEqual(JSON.parse(annotations[LAST_APPLIED] as string), config);
    t.true((annotations[LAST_APPLIED] as string).endsWith('}\n'));
    t.deepEqual(((r.object['metadata'] as JsonObject)['labels'] as JsonObject)['app'], 'my-new-label');
  }
  // Another manager name gets no such allowance.
  const other = apply(live, config, 'someone-else', false, ctx(T2));
  t.false(other.ok);
});
