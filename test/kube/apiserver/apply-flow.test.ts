// Server-side apply through the registry: create by apply, a no-op reapply, a conflict between
// two managers with Kubernetes' wording, force, and Update managers recorded for other writes.

import test from 'ava';
import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { Registry } from './harness.ts';

const deploys: Target = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default', name: 'web' };
const config = (replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.14.2
`;
const applyAs = (reg: Registry, manager: string, text: string, force?: boolean) =>
  reg.run({ verb: 'patch', target: deploys, patchType: 'apply', patch: text, options: { fieldManager: manager, ...(force ? { force } : {}) } });
const managers = (o: KubeObject) => (o.metadata.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`);

test('apply creates, reapplies as a no-op, conflicts across managers and takes over with force', (t) => {
  const reg = new Registry();
  const created = applyAs(reg, 'alice', config(2));
  t.is(created.code, 201);
  t.deepEqual(managers(created.body as KubeObject), ['alice/Apply']);
  const again = applyAs(reg, 'alice', config(2));
  t.is(again.code, 200);
  t.is((again.body as KubeObject).metadata.resourceVersion, (created.body as KubeObject).metadata.resourceVersion);
  const conflict = applyAs(reg, 'bob', config(5));
  t.like(conflict.body, { code: 409, reason: 'Conflict', message: 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas' });
  const forced = applyAs(reg, 'bob', config(5), true);
  t.is(forced.code, 200);
  t.is(((forced.body as KubeObject).spec as { replicas: number }).replicas, 5);
  t.deepEqual(managers(forced.body as KubeObject).sort(), ['alice/Apply', 'bob/Apply']);
});

test('a PUT records its writer as an Update manager of the fields it changed', (t) => {
  const reg = new Registry();
  const created = applyAs(reg, 'alice', config(2)).body as KubeObject;
  const updated = reg.run({ verb: 'update', target: deploys, body: { ...created, spec: { ...(created.spec as object), replicas: 7 } }, options: { fieldManager: 'hpa' } });
  t.is(updated.code, 200);
  const entries = (updated.body as KubeObject).metadata.managedFields ?? [];
  t.deepEqual(entries.map((m) => `${m.manager}/${m.operation}`), ['alice/Apply', 'hpa/Update']);
  t.true(JSON.stringify(entries.find((m) => m.manager === 'hpa')?.fieldsV1).includes('f:replicas'));
  t.false(JSON.stringify(entries.find((m) => m.manager === 'alice')?.fieldsV1).includes('f:replicas'), 'the update took replicas from alice');
});

test('apply without a field manager is refused as Kubernetes refuses it', (t) => {
  const reg = new Registry();
  const r = reg.run({ verb: 'patch', target: deploys, patchType: 'apply', patch: config(1) });
  t.like(r.body, { code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
});
