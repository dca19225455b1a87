// The invalid corpus: every valid docs manifest crossed with every mutation that applies to it,
// each a single defect. Each must be refused (400 or 422) naming the field at fault, and leave
// etcd's revision where it was: nothing half-written is kept.

import test from 'ava';
import type { Target } from '../../../../protocols/kube/api.ts';
import { resourceForKind } from '../../../../protocols/kube/resources.ts';
import { Registry } from '../harness.ts';
import { MUTATIONS } from './mutations.ts';
import { VALID } from './valid-manifests.ts';

const targetOf = (kind: string, apiVersion: string): Target => {
  const r = resourceForKind(apiVersion, kind)!;
  return { group: r.group, version: r.version, resource: r.resource, namespace: 'default' };
};

test('every valid manifest is accepted as it is', (t) => {
  const reg = new Registry();
  for (const o of VALID) t.is(reg.run({ verb: 'create', target: targetOf(o.kind, o.apiVersion), body: o }).code, 201, o.kind);
});

test('every defect is refused with a field path, and nothing is stored', (t) => {
  const cases = VALID.flatMap((o) => MUTATIONS.flatMap((m) => {
    const bad = m.apply(o);
    return bad === undefined ? [] : [{ what: `${o.kind}/${m.name}`, bad }];
  }));
  t.true(cases.length >= 200, `only ${cases.length} cases`);
  const reg = new Registry();
  const before = reg.revision;
  const accepted: string[] = [];
  for (const c of cases) {
    const r = reg.run({ verb: 'create', target: targetOf(c.bad.kind, c.bad.apiVersion), body: c.bad, options: { fieldValidation: 'Strict' } });
    if (r.ok) {
      accepted.push(c.what);
      continue;
    }
    t.true(r.code === 422 || r.code === 400, `${c.what}: ${r.code} ${r.body.message}`);
    const causes = r.body.details?.causes ?? [];
    t.true(causes.some((x) => (x.field ?? '') !== '') || /: Invalid value|: Required value|: Unsupported value|: Forbidden|: Duplicate value|field/.test(r.body.message), `${c.what}: no field named in ${r.body.message}`);
  }
  t.deepEqual(accepted, [], 'defects the apiserver accepted');
  t.is(reg.revision, before, 'nothing stored');
  t.log(`${cases.length} invalid manifests refused`);
});
