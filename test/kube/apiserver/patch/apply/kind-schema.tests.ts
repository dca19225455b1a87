// The apply schema read from the served kinds' field schema and patch metadata.

import test from 'ava';
import { kindSchema } from '../../../../../actors/kube-apiserver/patch/apply/kind-schema.ts';
import { ITEM, nodeAt, untypedSchema } from '../../../../../actors/kube-apiserver/patch/apply/schema.ts';

const schema = kindSchema({ group: 'apps', version: 'v1', kind: 'Deployment' });
const deployment = { list: (p: string[]) => nodeAt(schema, p).list(), map: (p: string[]) => nodeAt(schema, p).map() };
const podSpec = ['spec', 'template', 'spec'];

test('containers, env and ports are list maps; ports key on containerPort and protocol, TCP by default', (t) => {
  t.deepEqual(deployment.list([...podSpec, 'containers']), { type: 'map', keys: ['name'] });
  t.deepEqual(deployment.list([...podSpec, 'containers', ITEM, 'env']), { type: 'map', keys: ['name'] });
  t.deepEqual(deployment.list([...podSpec, 'containers', ITEM, 'ports']), { type: 'map', keys: ['containerPort', 'protocol'], defaults: { protocol: 'TCP' } });
});

test('unmarked lists are atomic; finalizers are a set', (t) => {
  t.deepEqual(deployment.list([...podSpec, 'containers', ITEM, 'args']), { type: 'atomic' });
  t.deepEqual(deployment.list([...podSpec, 'tolerations']), { type: 'atomic' });
  t.deepEqual(deployment.list(['metadata', 'finalizers']), { type: 'set' });
});

test('structs, atomic structs, free maps and atomic maps', (t) => {
  t.is(deployment.map(['spec']), 'struct');
  t.is(deployment.map(['spec', 'selector']), 'atomic');
  t.is(deployment.map(['metadata', 'labels']), 'granular');
  t.is(deployment.map([...podSpec, 'nodeSelector']), 'atomic');
  t.is(deployment.map([...podSpec, 'containers', ITEM, 'resources', 'limits']), 'granular');
  t.is(deployment.map([...podSpec, 'volumes', ITEM, 'configMap']), 'struct');
  t.deepEqual(deployment.list([...podSpec, 'volumes', ITEM, 'configMap', 'items']), { type: 'atomic' });
});

test('a kind without a schema gets the deduced one', (t) => {
  t.is(kindSchema({ group: 'example.com', version: 'v1', kind: 'Widget' }), untypedSchema);
});
