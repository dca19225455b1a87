// namespaces/<name>/finalize (namespaceFinalizeStrategy) and what the other writes may not do to a
// namespace: the main resource keeps spec.finalizers and status, /status keeps spec, and no write
// removes a terminating namespace while spec.finalizers holds anything
// (ShouldDeleteNamespaceDuringUpdate).

import test from 'ava';
import type { KubeObject, Namespace } from '../../../../protocols/kube/objects.ts';
import { AdmittingRegistry, NAMESPACES, namespace, nsTarget } from './admitting-registry.ts';

const fresh = () => {
  const reg = new AdmittingRegistry();
  reg.must({ verb: 'create', target: NAMESPACES, body: namespace('team-a', { spec: { finalizers: ['example.com/hold'] } }) });
  return reg;
};
const withSpec = (ns: Namespace, finalizers: string[], extra: Partial<Namespace> = {}) => ({ ...ns, spec: { finalizers }, ...extra }) as KubeObject;
const finalize = (reg: AdmittingRegistry, body: KubeObject) => reg.run({ verb: 'update', target: nsTarget('team-a', 'finalize'), body });

test('an update of the namespace itself keeps spec.finalizers and status', (t) => {
  const reg = fresh();
  const ns = reg.nsOf('team-a')!;
  const r = reg.run({ verb: 'update', target: nsTarget('team-a'), body: withSpec(ns, [], { status: { phase: 'Terminating' }, metadata: { ...ns.metadata, labels: { ...ns.metadata?.labels, team: 'a' } } }) });
  t.is(r.code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['example.com/hold', 'kubernetes'] }, status: { phase: 'Active' }, metadata: { labels: { team: 'a' } } });
});

test('/finalize replaces spec.finalizers and ignores a change of status; metadata goes through, as the finalize strategy resets only status', (t) => {
  const reg = fresh();
  const ns = reg.nsOf('team-a')!;
  const r = finalize(reg, withSpec(ns, ['kubernetes'], { status: { phase: 'Terminating' }, metadata: { ...ns.metadata, labels: { team: 'a' } } }));
  t.is(r.code, 200);
  t.like(r.body, { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  t.deepEqual(reg.nsOf('team-a')?.metadata?.labels, { team: 'a', 'kubernetes.io/metadata.name': 'team-a' });
});

test('/finalize of a terminating namespace that leaves a finalizer keeps it', (t) => {
  const reg = fresh();
  reg.must({ verb: 'delete', target: nsTarget('team-a') });
  const r = finalize(reg, withSpec(reg.nsOf('team-a')!, ['example.com/hold']));
  t.is(r.code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['example.com/hold'] }, status: { phase: 'Terminating' } });
});

test('/finalize that empties spec.finalizers of a terminating namespace removes it, answering it as last written', (t) => {
  const reg = fresh();
  reg.must({ verb: 'delete', target: nsTarget('team-a') });
  const before = reg.nsOf('team-a')!;
  const r = finalize(reg, withSpec(before, []));
  t.is(r.code, 200);
  const body = r.body as Namespace;
  t.deepEqual(body.spec?.finalizers, []);
  t.is(body.status?.phase, 'Terminating');
  t.is(body.metadata?.deletionTimestamp, before.metadata?.deletionTimestamp);
  t.true(Number(body.metadata?.resourceVersion) > Number(before.metadata?.resourceVersion));
  t.is(reg.nsOf('team-a'), undefined);
});

test('/finalize that empties spec.finalizers keeps a terminating namespace that still has metadata.finalizers', (t) => {
  const reg = fresh();
  reg.must({ verb: 'delete', target: nsTarget('team-a'), options: { propagationPolicy: 'Foreground' } });
  t.is(finalize(reg, withSpec(reg.nsOf('team-a')!, [])).code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: [] }, metadata: { finalizers: ['foregroundDeletion'] } });
});

test('/finalize of an active namespace to no finalizers keeps it Active', (t) => {
  const reg = fresh();
  t.is(finalize(reg, withSpec(reg.nsOf('team-a')!, [])).code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: [] }, status: { phase: 'Active' } });
});

test('/finalize checks each finalizer name at its index', (t) => {
  const reg = fresh();
  const r = finalize(reg, withSpec(reg.nsOf('team-a')!, ['kubernetes', 'custom']));
  t.like(r, {
    code: 422,
    body: { reason: 'Invalid', message: 'Namespace "team-a" is invalid: spec.finalizers[1]: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified' },
  });
  t.deepEqual(reg.nsOf('team-a')?.spec?.finalizers, ['example.com/hold', 'kubernetes']);
});

test('/finalize with a stale resourceVersion is a 409; of a missing namespace a 404; it is PUT only (405 for PATCH)', (t) => {
  const reg = fresh();
  const ns = reg.nsOf('team-a')!;
  reg.must({ verb: 'update', target: nsTarget('team-a'), body: { ...ns, metadata: { ...ns.metadata, labels: { x: 'y' } } } as KubeObject });
  t.like(finalize(reg, withSpec(ns, [])), { code: 409, body: { reason: 'Conflict' } });
  t.like(reg.run({ verb: 'update', target: nsTarget('nope', 'finalize'), body: namespace('nope', { spec: { finalizers: [] } }) }), { code: 404, body: { message: 'namespaces "nope" not found' } });
  t.like(reg.run({ verb: 'patch', target: nsTarget('team-a', 'finalize'), patchType: 'merge', patch: '{"spec":{"finalizers":[]}}' }), { code: 405 });
});

test('a /status write of a terminating namespace keeps it while spec.finalizers holds anything, and keeps spec', (t) => {
  const reg = fresh();
  reg.must({ verb: 'delete', target: nsTarget('team-a') });
  const ns = reg.nsOf('team-a')!;
  const conditions = [{ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: configmaps. has 1 resource instances' }];
  const r = reg.run({ verb: 'update', target: nsTarget('team-a', 'status'), body: withSpec(ns, [], { status: { phase: 'Terminating', conditions } }) });
  t.is(r.code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['example.com/hold', 'kubernetes'] }, status: { conditions } });
});

test('a /status write may not make a terminating namespace Active', (t) => {
  const reg = fresh();
  reg.must({ verb: 'delete', target: nsTarget('team-a') });
  const r = reg.run({ verb: 'update', target: nsTarget('team-a', 'status'), body: { ...reg.nsOf('team-a')!, status: { phase: 'Active' } } as KubeObject });
  t.like(r, { code: 422, body: { message: 'Namespace "team-a" is invalid: status.Phase: Invalid value: "Active": may only be \'Terminating\' if `deletionTimestamp` is not empty' } });
});

test('a /status write keeps spec and takes metadata, as namespaceStatusStrategy resets only spec', (t) => {
  const reg = fresh();
  const ns = reg.nsOf('team-a')!;
  const r = reg.run({ verb: 'update', target: nsTarget('team-a', 'status'), body: withSpec(ns, [], { metadata: { ...ns.metadata, annotations: { note: 'x' } } }) });
  t.is(r.code, 200);
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['example.com/hold', 'kubernetes'] }, metadata: { annotations: { note: 'x' } }, status: { phase: 'Active' } });
});
