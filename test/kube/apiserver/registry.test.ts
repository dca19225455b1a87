// The registry's generic rules, run against an in-memory etcd: what every kind gets before its
// own strategy, with the apiserver's codes and wording.

import test from 'ava';
import './quota-first.tests.ts';
import './cached-update.tests.ts';
import './body-copies.tests.ts';
import './memos.tests.ts';
import { genericStrategy } from '../../../actors/kube-apiserver/strategies/generic.ts';
import type { ApiCall, ApiResult, Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { Registry } from './harness.ts';

const cms: Target = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const cm = (name: string, extra: Partial<KubeObject> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' }, ...extra });
const body = (r: ApiResult) => r.body as KubeObject;
const create = (reg: Registry, obj: KubeObject, target: Target = cms) => reg.run({ verb: 'create', target, body: obj });
const get = (reg: Registry, name: string) => reg.run({ verb: 'get', target: { ...cms, name } });

test('generateName gives a name of the base and five letters from the seeded alphabet', (t) => {
  const reg = new Registry();
  const r = create(reg, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'web-' } });
  t.is(r.code, 201);
  t.regex(body(r).metadata.name ?? '', /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('a dry run answers what it would store and writes nothing', (t) => {
  const reg = new Registry();
  const before = reg.revision;
  const r = reg.run({ verb: 'create', target: cms, body: cm('dry'), options: { dryRun: ['All'] } });
  t.is(r.code, 201);
  t.is(body(r).metadata.name, 'dry');
  t.is(reg.revision, before);
  t.is(get(reg, 'dry').code, 404);
});

test('the body must match the URL: namespace, name, kind and apiVersion', (t) => {
  const reg = new Registry();
  t.like(create(reg, cm('a', { metadata: { name: 'a', namespace: 'other' } })).body, {
    code: 400,
    reason: 'BadRequest',
    message: 'the namespace of the provided object does not match the namespace sent on the request',
  });
  t.like(create(reg, { ...cm('a'), apiVersion: 'apps/v1' }).body, { code: 400, message: 'the API version in the data (apps/v1) does not match the expected API version (v1)' });
  create(reg, cm('a'));
  t.like(reg.run({ verb: 'update', target: { ...cms, name: 'b' }, body: cm('a') }).body, { code: 400, message: 'the name of the object (a) does not match the name on the URL (b)' });
  t.like(create(reg, { ...cm('x'), metadata: { name: 'x', resourceVersion: '5' } }).body, { code: 500, message: 'Internal error occurred: resourceVersion should not be set on objects to be created' });
});

test('an invalid name is refused with its field path and nothing is stored', (t) => {
  const reg = new Registry();
  const before = reg.revision;
  const r = create(reg, cm('Bad_Name'));
  t.is(r.code, 422);
  t.like(r.body, { reason: 'Invalid', details: { name: 'Bad_Name', kind: 'ConfigMap', causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }] } });
  t.regex((r.body as { message: string }).message, /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
  t.is(reg.revision, before);
});

test('unknown resources, versions and subresources are 404; refused verbs are 405', (t) => {
  const reg = new Registry();
  const notFound = { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' };
  t.like(reg.run({ verb: 'list', target: { group: '', version: 'v1', resource: 'widgets' } }).body, notFound);
  t.like(reg.run({ verb: 'list', target: { group: 'apps', version: 'v1beta1', resource: 'deployments' } }).body, notFound);
  t.like(reg.run({ verb: 'get', target: { ...cms, name: 'a', subresource: 'status' } }).body, notFound);
  const r = reg.run({ verb: 'create', target: { group: '', version: 'v1', resource: 'pods', namespace: 'default', name: 'p', subresource: 'status' }, body: cm('p') });
  t.like(r.body, { code: 405, reason: 'MethodNotAllowed', message: 'create is not supported on resources of kind "pods/status"' });
});

test('update: a pinned stale resourceVersion conflicts; an unpinned one wins; an unchanged object writes nothing', (t) => {
  const reg = new Registry();
  const v1 = body(create(reg, cm('a')));
  const v2 = body(reg.run({ verb: 'update', target: { ...cms, name: 'a' }, body: { ...v1, data: { k: 'two' } } }));
  t.not(v2.metadata.resourceVersion, v1.metadata.resourceVersion);
  t.is(reg.run({ verb: 'update', target: { ...cms, name: 'a' }, body: { ...v1, data: { k: 'three' } } }).code, 409);
  const { resourceVersion: _, ...unpinned } = v1.metadata;
  const v3 = body(reg.run({ verb: 'update', target: { ...cms, name: 'a' }, body: { ...v1, metadata: unpinned, data: { k: 'four' } } }));
  t.deepEqual(v3.data, { k: 'four' });
  t.is(v3.metadata.uid, v1.metadata.uid);
  t.is(v3.metadata.creationTimestamp, v1.metadata.creationTimestamp);
  const before = reg.revision;
  const same = reg.run({ verb: 'update', target: { ...cms, name: 'a' }, body: v3 });
  t.is(same.code, 200);
  t.is(reg.revision, before);
});

test('status: the main resource keeps the status, the status subresource keeps the spec; generation counts spec changes', (t) => {
  const reg = new Registry();
  const deploys: Target = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
  reg.overrides.set('apps/deployments', genericStrategy(true));
  const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 1 }, status: { replicas: 9 } };
  const v1 = body(create(reg, d, deploys));
  t.is(v1.status, undefined);
  t.is(v1.metadata.generation, 1);
  const v2 = body(reg.run({ verb: 'update', target: { ...deploys, name: 'web', subresource: 'status' }, body: { ...v1, spec: { replicas: 5 }, status: { replicas: 1 } } }));
  t.deepEqual(v2.spec, { replicas: 1 });
  t.deepEqual(v2.status, { replicas: 1 });
  t.is(v2.metadata.generation, 1);
  const v3 = body(reg.run({ verb: 'update', target: { ...deploys, name: 'web' }, body: { ...v2, spec: { replicas: 3 }, status: { replicas: 0 } } }));
  t.deepEqual(v3.status, { replicas: 1 });
  t.is(v3.metadata.generation, 2);
});

test('delete with a finalizer marks the object; removing the last finalizer removes it', (t) => {
  const reg = new Registry();
  create(reg, cm('f', { metadata: { name: 'f', finalizers: ['example.com/hold'] } }));
  reg.nowMs += 5000;
  const marked = reg.run({ verb: 'delete', target: { ...cms, name: 'f' } });
  t.is(marked.code, 200);
  t.is(body(marked).metadata.deletionTimestamp, '2026-01-01T00:00:05Z');
  t.is(body(marked).metadata.deletionGracePeriodSeconds, 0);
  const again = reg.run({ verb: 'delete', target: { ...cms, name: 'f' } });
  t.is(body(again).metadata.resourceVersion, body(marked).metadata.resourceVersion, 'a second delete changes nothing');
  const cleared = reg.run({ verb: 'update', target: { ...cms, name: 'f' }, body: { ...body(marked), metadata: { ...body(marked).metadata, finalizers: [] } } });
  t.is(cleared.code, 200);
  t.is(get(reg, 'f').code, 404);
});

test('propagationPolicy Foreground and Orphan leave the garbage collector its finalizer; Background deletes at once', (t) => {
  const reg = new Registry();
  for (const name of ['fg', 'or', 'bg']) create(reg, cm(name));
  const fg = body(reg.run({ verb: 'delete', target: { ...cms, name: 'fg' }, options: { propagationPolicy: 'Foreground' } }));
  t.deepEqual(fg.metadata.finalizers, ['foregroundDeletion']);
  t.truthy(fg.metadata.deletionTimestamp);
  const or = body(reg.run({ verb: 'delete', target: { ...cms, name: 'or' }, options: { propagationPolicy: 'Orphan' } }));
  t.deepEqual(or.metadata.finalizers, ['orphan']);
  t.is(reg.run({ verb: 'delete', target: { ...cms, name: 'bg' }, options: { propagationPolicy: 'Background' } }).code, 200);
  t.is(get(reg, 'bg').code, 404);
});

test('delete preconditions: a uid or resourceVersion that does not match conflicts, with the store wording', (t) => {
  const reg = new Registry();
  const a = body(create(reg, cm('a')));
  const byUid = reg.run({ verb: 'delete', target: { ...cms, name: 'a' }, options: { preconditions: { uid: 'nope' } } });
  t.like(byUid.body, {
    code: 409,
    message: `Operation cannot be fulfilled on ConfigMap "a": the UID in the precondition (nope) does not match the UID in record (${a.metadata.uid}). The object might have been deleted and then recreated`,
  });
  const byRv = reg.run({ verb: 'delete', target: { ...cms, name: 'a' }, options: { preconditions: { resourceVersion: '1' } } });
  t.regex((byRv.body as { message: string }).message, /the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record/);
  t.is(reg.run({ verb: 'delete', target: { ...cms, name: 'a' }, options: { preconditions: { uid: a.metadata.uid!, resourceVersion: a.metadata.resourceVersion! } } }).code, 200);
});

test('graceful deletion: the grace period is recorded, may only be shortened, and zero removes the object', (t) => {
  const reg = new Registry();
  reg.overrides.set('/configmaps', genericStrategy(false, { gracePeriod: (_o, requested) => requested ?? 30 }));
  create(reg, cm('g'));
  const first = body(reg.run({ verb: 'delete', target: { ...cms, name: 'g' } }));
  t.is(first.metadata.deletionGracePeriodSeconds, 30);
  t.is(first.metadata.deletionTimestamp, '2026-01-01T00:00:30Z');
  const longer = body(reg.run({ verb: 'delete', target: { ...cms, name: 'g' }, options: { gracePeriodSeconds: 60 } }));
  t.is(longer.metadata.deletionGracePeriodSeconds, 30);
  const shorter = body(reg.run({ verb: 'delete', target: { ...cms, name: 'g' }, options: { gracePeriodSeconds: 10 } }));
  t.is(shorter.metadata.deletionGracePeriodSeconds, 10);
  t.is(shorter.metadata.deletionTimestamp, '2026-01-01T00:00:10Z');
  reg.run({ verb: 'delete', target: { ...cms, name: 'g' }, options: { gracePeriodSeconds: 0 } });
  t.is(get(reg, 'g').code, 404);
});

test('list filters by label and field selectors and refuses a field the kind does not offer', (t) => {
  const reg = new Registry();
  create(reg, cm('a', { metadata: { name: 'a', labels: { app: 'web', tier: 'front' } } }));
  create(reg, cm('b', { metadata: { name: 'b', labels: { app: 'db' } } }));
  create(reg, cm('c'), { ...cms, namespace: 'other' });
  const names = (call: ApiCall) => ((reg.run(call).body as unknown as { items: KubeObject[] }).items ?? []).map((o) => o.metadata.name);
  const all: Target = { group: '', version: 'v1', resource: 'configmaps' };
  t.deepEqual(names({ verb: 'list', target: all }), ['a', 'b', 'c']);
  t.deepEqual(names({ verb: 'list', target: cms }), ['a', 'b']);
  t.deepEqual(names({ verb: 'list', target: cms, options: { labelSelector: 'app in (web,db),!tier' } }), ['b']);
  t.deepEqual(names({ verb: 'list', target: all, options: { fieldSelector: 'metadata.namespace!=default' } }), ['c']);
  t.like(reg.run({ verb: 'list', target: cms, options: { fieldSelector: 'spec.nodeName=x' } }).body, { code: 400, message: 'field label not supported: spec.nodeName' });
});

test('deletecollection deletes what the selector picks, each as a single delete would, and lists them', (t) => {
  const reg = new Registry();
  create(reg, cm('a', { metadata: { name: 'a', labels: { app: 'web' } } }));
  create(reg, cm('b', { metadata: { name: 'b', labels: { app: 'web' }, finalizers: ['example.com/hold'] } }));
  create(reg, cm('c', { metadata: { name: 'c', labels: { app: 'db' } } }));
  const r = reg.run({ verb: 'deletecollection', target: cms, options: { labelSelector: 'app=web' } });
  t.is(r.code, 200);
  t.deepEqual((r.body as unknown as { items: KubeObject[] }).items.map((o) => o.metadata.name), ['a', 'b']);
  t.is(get(reg, 'a').code, 404);
  t.truthy(body(get(reg, 'b')).metadata.deletionTimestamp, 'a finalizer holds b');
  t.is(get(reg, 'c').code, 200);
});
