// The CRD strategy driven by the registry (in-memory etcd): the docs' CronTab CRD is accepted
// and defaulted, a malformed one is refused whole, and the establishing status write goes through.

import test from 'ava';
import type { Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Registry } from '../harness.ts';

const crds: Target = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

const crontabs = (group = 'stable.example.com'): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `crontabs.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'crontabs', kind: 'CronTab' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } } } } }],
  },
});

test('a CRD is created defaulted with its storage version recorded, and the status write establishes it', (t) => {
  const reg = new Registry();
  const r = reg.run({ verb: 'create', target: crds, body: crontabs() });
  t.is(r.code, 201);
  const created = r.body as KubeObject;
  t.like(created, { spec: { names: { singular: 'crontab', listKind: 'CronTabList' }, conversion: { strategy: 'None' } }, status: { storedVersions: ['v1'] } });
  t.is(created.metadata.generation, 1);
  const status = { ...(created.status as object), conditions: [{ type: 'Established', status: 'True' }] };
  const u = reg.run({ verb: 'update', target: { ...crds, name: 'crontabs.stable.example.com', subresource: 'status' }, body: { ...created, status } });
  t.is(u.code, 200);
  t.like(u.body as object, { status: { conditions: [{ type: 'Established', status: 'True' }] } });
});

test('a CRD whose group has no dot is refused with 422 and not stored', (t) => {
  const reg = new Registry();
  const before = reg.revision;
  const r = reg.run({ verb: 'create', target: crds, body: crontabs('example') });
  t.is(r.code, 422);
  t.like(r.body as object, { message: 'CustomResourceDefinition.apiextensions.k8s.io "crontabs.example" is invalid: spec.group: Invalid value: "example": should be a domain with at least one dot' });
  t.is(reg.revision, before);
});
