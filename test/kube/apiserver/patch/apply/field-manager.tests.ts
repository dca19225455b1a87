// Server-side apply end to end on real kinds: the server-side-apply docs' examples (ownership
// recorded, two managers' conflict, a field removed by omitting it, replicas handed over to an
// HPA) with managedFields as a real apiserver writes them.

import test from 'ava';
import type { ManagedFieldsEntry } from 'kubernetes-types/meta/v1.d.ts';
import { type FieldManagerContext, type JsonObject, apply, trackUpdate } from '../../../../../actors/kube-apiserver/patch/apply/field-manager.ts';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';

const T1 = '2026-12-01T10:00:00Z';
const T2 = '2026-12-01T10:05:00Z';
const T3 = '2026-12-01T10:10:00Z';
const deployments = (now: string, subresource?: string): FieldManagerContext => ({
  schema: kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' }),
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  now,
  ...(subresource ? { subresource } : {}),
});
const configMaps = (now: string): FieldManagerContext => ({ schema: kindSchema({ group: '', version: 'v1', kind: 'ConfigMap' }), apiVersion: 'v1', kind: 'ConfigMap', now });

const nginx = (replicas?: number): JsonObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'nginx-deployment', labels: { app: 'nginx' } },
  spec: {
    ...(replicas === undefined ? {} : { replicas }),
    selector: { matchLabels: { app: 'nginx' } },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
    },
  },
});

const managed = (o: JsonObject): ManagedFieldsEntry[] => ((o['metadata'] as JsonObject)['managedFields'] ?? []) as unknown as ManagedFieldsEntry[];
const ok = (r: ReturnType<typeof apply>): JsonObject => {
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
};
const owners = (o: JsonObject): string[] => managed(o).map((e) => `${e.manager}/${e.operation}`);

test('an apply that creates records the applier\'s fields, keyed list items and defaulted key fields included', (t) => {
  const created = ok(apply(undefined, nginx(3), 'kubectl', false, deployments(T1)));
  t.deepEqual(managed(created), [
    {
      manager: 'kubectl',
      operation: 'Apply',
      apiVersion: 'apps/v1',
      time: T1,
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:replicas': {},
          'f:selector': {},
          'f:template': {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': {
                'k:{"name":"nginx"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } },
              },
            },
          },
        },
      },
    },
  ]);
  t.deepEqual((created['spec'] as JsonObject)['replicas'], 3);
});

test('applying the same configuration again changes nothing, not even the time', (t) => {
  const first = ok(apply(undefined, nginx(3), 'kubectl', false, deployments(T1)));
  const again = apply(first, nginx(3), 'kubectl', false, deployments(T2));
  t.true(again.ok);
  if (again.ok) {
    t.false(again.changed);
    t.deepEqual(again.object, first);
  }
});

test('two managers: a different value for a field the other applied is a 409 naming it', (t) => {
  const live = ok(apply(undefined, nginx(3), 'kubectl', false, deployments(T1)));
  const r = apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment' }, spec: { replicas: 5 } }, 'hpa-controller', false, deployments(T2));
  t.false(r.ok);
  if (!r.ok) {
    t.is(r.status.code, 409);
    t.is(r.status.reason, 'Conflict');
    t.is(r.status.message, 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas');
    t.deepEqual(r.status.details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl"', field: '.spec.replicas' }] });
  }
});

test('force takes the field over: the other manager no longer owns it', (t) => {
  const live = ok(apply(undefined, nginx(3), 'kubectl', false, deployments(T1)));
  const forced = ok(apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment' }, spec: { replicas: 5 } }, 'hpa-controller', true, deployments(T2)));
  t.is((forced['spec'] as JsonObject)['replicas'], 5);
  const byManager = Object.fromEntries(managed(forced).map((e) => [e.manager!, e]));
  t.deepEqual(byManager['hpa-controller']!.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
  t.false('f:replicas' in ((byManager['kubectl']!.fieldsV1 as Record<string, Record<string, unknown>>)['f:spec'] ?? {}));
  // Now the original applier conflicts when it applies its old value.
  const back = apply(forced, nginx(3), 'kubectl', false, deployments(T3));
  t.false(back.ok);
  if (!back.ok) t.is(back.status.message, 'Apply failed with 1 conflict: conflict with "hpa-controller": .spec.replicas');
});

test('a conflict with an updater names its API version, as with kubectl-client-side-apply', (t) => {
  const createdObj = { ...nginx(3), metadata: { name: 'nginx-deployment', labels: { app: 'nginx' }, uid: 'u1' } };
  const mf = trackUpdate(undefined, createdObj, 'kubectl-client-side-apply', deployments(T1));
  const live = { ...createdObj, metadata: { ...createdObj.metadata, managedFields: mf as unknown as JsonObject[] } };
  const r = apply(live, nginx(4), 'kubectl', false, deployments(T2));
  t.false(r.ok);
  if (!r.ok) t.is(r.status.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');
});

test('several conflicts are listed by manager, managers in order', (t) => {
  let live = ok(apply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1', b: '1' } }, 'zeta', false, configMaps(T1)));
  live = ok(apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { c: '1' } }, 'alpha', false, configMaps(T1)));
  const r = apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '2', b: '2', c: '2' } }, 'mid', false, configMaps(T2));
  t.false(r.ok);
  if (!r.ok) {
    t.is(r.status.message, 'Apply failed with 3 conflicts: conflicts with "alpha":\n- .data.c\nconflicts with "zeta":\n- .data.a\n- .data.b');
    t.deepEqual(r.status.details?.causes?.map((c) => c.field), ['.data.c', '.data.a', '.data.b']);
  }
});

test('a field left out of the next apply is removed, unless another manager owns it', (t) => {
  const cm = (data: Record<string, string>, labels?: Record<string, string>): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-cm', ...(labels ? { labels } : {}) }, data });
  let live = ok(apply(undefined, cm({ key: 'v', other: 'w' }, { 'test-label': 'test' }), 'kubectl', false, configMaps(T1)));
  live = ok(apply(live, cm({ key: 'v' }, { 'test-label': 'test' }), 'kubectl', false, configMaps(T2)));
  t.deepEqual(live['data'], { key: 'v' });
  t.deepEqual(managed(live)[0]!.fieldsV1, { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:test-label': {} } } });
  // Shared: another applier also sets data.key; when kubectl stops applying it, it stays.
  live = ok(apply(live, cm({ key: 'v' }), 'other', false, configMaps(T2)));
  live = ok(apply(live, cm({}, { 'test-label': 'test' }), 'kubectl', false, configMaps(T3)));
  t.deepEqual(live['data'], { key: 'v' });
});

test('the docs ConfigMap: an update by a controller takes data.key from the applier', (t) => {
  const applied = ok(apply(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } }, data: { key: 'some value' } }, 'kubectl', false, configMaps(T1)));
  const stored = { ...applied, metadata: { ...(applied['metadata'] as JsonObject), uid: 'u1' } };
  const next = { ...stored, data: { key: 'new value' } };
  const mf = trackUpdate(stored, next, 'kube-controller-manager', configMaps(T2));
  t.deepEqual(mf, [
    { manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:test-label': {} } } } },
    { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', time: T2, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:key': {} } } },
  ]);
});

test('handing replicas over to an HPA: the temporary manager disappears when the HPA writes', (t) => {
  let live = ok(apply(undefined, nginx(3), 'kubectl', false, deployments(T1)));
  live = { ...live, metadata: { ...(live['metadata'] as JsonObject), uid: 'u1' } };
  // A private manager applies only replicas, with the same value: shared, no conflict.
  live = ok(apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment' }, spec: { replicas: 3 } }, 'handover-to-hpa', false, deployments(T2)));
  // The user drops replicas from the manifest: it stays, owned by the private manager.
  live = ok(apply(live, nginx(), 'kubectl', false, deployments(T2)));
  t.is((live['spec'] as JsonObject)['replicas'], 3);
  t.deepEqual(owners(live), ['handover-to-hpa/Apply', 'kubectl/Apply']);
  // The HPA scales through the scale subresource: the private manager owns nothing and goes.
  const scaled = { ...live, spec: { ...(live['spec'] as JsonObject), replicas: 7 } };
  const mf = trackUpdate(live, scaled, 'horizontal-pod-autoscaler', deployments(T3, 'scale'));
  t.deepEqual(mf?.map((e) => `${e.manager}/${e.operation}/${e.subresource ?? ''}`), ['kubectl/Apply/', 'horizontal-pod-autoscaler/Update/scale']);
  t.deepEqual(mf?.[1]?.fieldsV1, { 'f:spec': { 'f:replicas': {} } });
});

test('a first apply to an object nobody tracked credits the rest to before-first-apply', (t) => {
  const untracked: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1' }, data: { a: '1', b: '2' } };
  const live = ok(apply(untracked, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } }, 'kubectl', false, configMaps(T1)));
  t.deepEqual(owners(live), ['kubectl/Apply', 'before-first-apply/Update']);
  t.deepEqual(managed(live)[1]!.fieldsV1, { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} } });
  const r = apply(live, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { b: '3' } }, 'kubectl', false, configMaps(T2));
  t.false(r.ok);
  if (!r.ok) t.is(r.status.message, 'Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.b');
});

test('updates: created objects are tracked, untracked ones stay so, managedFields: [] clears them', (t) => {
  const obj: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
  t.deepEqual(trackUpdate(undefined, obj, 'kubectl-create', configMaps(T1)), [
    { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } },
  ]);
  const stored = { ...obj, metadata: { name: 'c', uid: 'u1' } };
  t.is(trackUpdate(stored, { ...stored, data: { a: '2' } }, 'editor', configMaps(T2)), undefined);
  const tracked = { ...stored, metadata: { name: 'c', uid: 'u1', managedFields: trackUpdate(undefined, obj, 'kubectl-create', configMaps(T1)) as unknown as JsonObject[] } };
  t.is(trackUpdate(tracked, { ...tracked, metadata: { name: 'c', uid: 'u1', managedFields: [] } }, 'editor', configMaps(T2)), undefined);
  // The docs' way to clear them with a merge patch: a list of one empty entry.
  t.is(trackUpdate(tracked, { ...tracked, metadata: { name: 'c', uid: 'u1', managedFields: [{}] } }, 'editor', configMaps(T2)), undefined);
});

test('managedFields a client sends with an update are used; through a subresource they are ignored', (t) => {
  const obj: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1' }, data: { a: '1' } };
  const sent = [{ manager: 'someone', operation: 'Update', apiVersion: 'v1', time: T1, fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }];
  const next = { ...obj, metadata: { name: 'c', uid: 'u1', managedFields: sent as unknown as JsonObject[] }, data: { a: '1', b: '2' } };
  t.deepEqual(trackUpdate(obj, next, 'editor', configMaps(T2))?.map((e) => e.manager), ['someone', 'editor']);
  t.is(trackUpdate(obj, next, 'editor', { ...configMaps(T2), subresource: 'status' }), undefined);
});

test('an update that changes nothing keeps its manager\'s time; one that changes moves it', (t) => {
  const obj: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
  const mf = trackUpdate(undefined, obj, 'editor', configMaps(T1));
  const stored = { ...obj, metadata: { name: 'c', uid: 'u1', managedFields: mf as unknown as JsonObject[] } };
  t.is(trackUpdate(stored, stored, 'editor', configMaps(T2))?.[0]?.time, T1);
  t.is(trackUpdate(stored, { ...stored, data: { a: '2' } }, 'editor', configMaps(T2))?.[0]?.time, T2);
});

test('past ten update managers the oldest fold into ancient-changes', (t) => {
  let obj: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', uid: 'u1' }, data: {} };
  let mf: ManagedFieldsEntry[] | undefined = trackUpdate(undefined, { ...obj, data: { k0: 'v' } }, 'm0', configMaps('2026-12-01T10:00:00Z'));
  obj = { ...obj, data: { k0: 'v' }, metadata: { name: 'c', uid: 'u1', managedFields: mf as unknown as JsonObject[] } };
  for (let i = 1; i <= 11; i++) {
    const next = { ...obj, data: { ...(obj['data'] as JsonObject), [`k${i}`]: 'v' } };
    mf = trackUpdate(obj, next, `m${i}`, configMaps(`2026-12-01T10:${String(i).padStart(2, '0')}:00Z`));
    obj = { ...next, metadata: { name: 'c', uid: 'u1', managedFields: mf as unknown as JsonObject[] } };
  }
  t.is(mf!.length, 10);
  const ancient = mf!.find((e) => e.manager === 'ancient-changes');
  t.truthy(ancient);
  t.deepEqual(Object.keys((ancient!.fieldsV1 as Record<string, Record<string, unknown>>)['f:data']!).filter((k) => k !== '.'), ['f:k0', 'f:k1', 'f:k2']);
  t.false(mf!.some((e) => ['m0', 'm1', 'm2'].includes(e.manager!)));
});

test('refusals: another kind, managedFields in the configuration, a list item without its key', (t) => {
  const wrongKind = apply(undefined, { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' } }, 'kubectl', false, deployments(T1));
  t.like(wrongKind, { ok: false, status: { code: 400, reason: 'BadRequest', message: 'invalid object type: apps/v1, Kind=StatefulSet' } });
  const withMf = apply(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', managedFields: [] } }, 'kubectl', false, deployments(T1));
  t.like(withMf, { ok: false, status: { code: 400, message: 'metadata.managedFields must be nil' } });
  const noName = apply(undefined, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'default' }, spec: { template: { spec: { containers: [{ image: 'nginx' }] } } } }, 'kubectl', false, deployments(T1));
  t.false(noName.ok);
  if (!noName.ok) {
    t.is(noName.status.code, 500);
    t.true(noName.status.message.includes('failed to create typed patch object (default/x; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits all key fields ["name"]'));
  }
});

test('reset fields are never owned: status applied through the main resource is not tracked', (t) => {
  const ctx = { ...deployments(T1), resetFields: [['status']] };
  const config = { ...nginx(3), status: { replicas: 3 } };
  const created = ok(apply(undefined, config, 'kubectl', false, ctx));
  t.false('f:status' in (managed(created)[0]!.fieldsV1 as object));
  // A status writer's value for status.replicas does not conflict with the applier.
  const statusCtx = { ...deployments(T2, 'status'), resetFields: [['spec']] };
  const mf = trackUpdate(created, { ...created, status: { replicas: 1 } }, 'kube-controller-manager', statusCtx);
  t.deepEqual(mf?.find((e) => e.subresource === 'status')?.fieldsV1, { 'f:status': { 'f:replicas': {} } });
});

test('a field the kind does not declare fails the apply with a 500 and no reason, as the apiserver words it', (t) => {
  const services = { schema: kindSchema({ group: '', version: 'v1', kind: 'Service' }), apiVersion: 'v1', kind: 'Service', now: T1 };
  const r = apply(undefined, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'admin-api', namespace: 'general' }, spec: { topologyKeys: ['*'], ports: [{ port: 80 }] } }, 'kubectl', false, services);
  t.false(r.ok);
  if (!r.ok) {
    t.deepEqual(r.status, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'failed to create typed patch object (general/admin-api; /v1, Kind=Service): .spec.topologyKeys: field not declared in schema',
      code: 500,
    } as unknown as typeof r.status);
  }
});

test('a Service port without its protocol is keyed with TCP, the schema default', (t) => {
  const services = { schema: kindSchema({ group: '', version: 'v1', kind: 'Service' }), apiVersion: 'v1', kind: 'Service', now: T1 };
  const r = ok(apply(undefined, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } }, 'kubectl', false, services));
  t.deepEqual(managed(r)[0]!.fieldsV1, { 'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } }, 'f:selector': {} } });
});

test('a patch that is not an object fails as decoding it into a map fails', (t) => {
  t.like(apply(undefined, ['a'], 'kubectl', false, deployments(T1)), { ok: false, status: { code: 400, message: 'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}' } });
  t.like(apply(undefined, 'text', 'kubectl', false, deployments(T1)), { ok: false, status: { message: 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}' } });
  t.like(apply(undefined, null, 'kubectl', false, deployments(T1)), { ok: false, status: { message: 'invalid object type: /, Kind=' } });
});
