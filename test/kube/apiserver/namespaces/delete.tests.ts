// DELETE of a Namespace (pkg/registry/core/namespace/storage REST.Delete): the first marks it
// Terminating and keeps it, later ones answer it as it is until spec.finalizers is empty.

import test from 'ava';
import type { Namespace } from '../../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { AdmittingRegistry, NAMESPACES, namespace, nsTarget } from './admitting-registry.ts';

const fresh = (name = 'team-a') => {
  const reg = new AdmittingRegistry();
  reg.must({ verb: 'create', target: NAMESPACES, body: namespace(name) });
  return reg;
};

test('a namespace is created Active with spec.finalizers ["kubernetes"], added after any of its own', (t) => {
  const reg = fresh();
  t.like(reg.nsOf('team-a'), { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  reg.must({ verb: 'create', target: NAMESPACES, body: namespace('own', { spec: { finalizers: ['example.com/hold'] } }) });
  t.deepEqual(reg.nsOf('own')?.spec?.finalizers, ['example.com/hold', 'kubernetes']);
});

test('the first DELETE marks the namespace: 200, the object with deletionTimestamp and phase Terminating, kept', (t) => {
  const reg = fresh();
  const before = reg.nsOf('team-a')!;
  reg.nowMs += 5000;
  const r = reg.run({ verb: 'delete', target: nsTarget('team-a') });
  t.is(r.code, 200);
  const body = r.body as Namespace;
  t.is(body.kind, 'Namespace');
  t.is(body.metadata?.deletionTimestamp, rfc3339(reg.nowMs));
  t.is(body.metadata?.deletionGracePeriodSeconds, undefined);
  t.is(body.status?.phase, 'Terminating');
  t.deepEqual(body.spec?.finalizers, ['kubernetes']);
  t.not(body.metadata?.resourceVersion, before.metadata?.resourceVersion);
  t.deepEqual(reg.nsOf('team-a'), body);
});

test('a second DELETE answers the namespace unchanged, 200, and writes nothing', (t) => {
  const reg = fresh();
  const first = reg.must({ verb: 'delete', target: nsTarget('team-a') });
  const revision = reg.revision;
  reg.nowMs += 60_000;
  const again = reg.run({ verb: 'delete', target: nsTarget('team-a') });
  t.is(again.code, 200);
  t.deepEqual(again.body, first);
  t.is(reg.revision, revision);
});

const GC_CASES: [string, 'Orphan' | 'Foreground' | 'Background' | undefined, string[] | undefined][] = [
  ['no policy', undefined, undefined],
  ['Background', 'Background', undefined],
  ['Orphan', 'Orphan', ['orphan']],
  ['Foreground', 'Foreground', ['foregroundDeletion']],
];
for (const [title, policy, finalizers] of GC_CASES) {
  test(`the first DELETE with propagationPolicy ${title} leaves metadata.finalizers ${JSON.stringify(finalizers)}`, (t) => {
    const reg = fresh();
    const body = reg.must({ verb: 'delete', target: nsTarget('team-a'), options: policy ? { propagationPolicy: policy } : {} });
    t.deepEqual(body.metadata.finalizers, finalizers);
    t.deepEqual(reg.nsOf('team-a')?.metadata?.finalizers, finalizers);
  });
}

test('a UID precondition that does not match is a 409 with the namespace REST\'s wording', (t) => {
  const reg = fresh();
  const uid = reg.nsOf('team-a')!.metadata!.uid!;
  const r = reg.run({ verb: 'delete', target: nsTarget('team-a'), options: { preconditions: { uid: 'not-it' } } });
  t.like(r, { code: 409, body: { reason: 'Conflict', message: `Operation cannot be fulfilled on namespaces "team-a": Precondition failed: UID in precondition: not-it, UID in object meta: ${uid}` } });
  t.is(reg.nsOf('team-a')?.status?.phase, 'Active');
});

test('a resourceVersion precondition that does not match is a 409 too; a matching one marks', (t) => {
  const reg = fresh();
  const rv = reg.nsOf('team-a')!.metadata!.resourceVersion!;
  const r = reg.run({ verb: 'delete', target: nsTarget('team-a'), options: { preconditions: { resourceVersion: '1' } } });
  t.like(r, { code: 409, body: { message: `Operation cannot be fulfilled on namespaces "team-a": Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${rv}` } });
  t.is(reg.run({ verb: 'delete', target: nsTarget('team-a'), options: { preconditions: { resourceVersion: rv } } }).code, 200);
  t.is(reg.nsOf('team-a')?.status?.phase, 'Terminating');
});

test('a dry-run DELETE answers the namespace as it would be marked and stores nothing', (t) => {
  const reg = fresh();
  const revision = reg.revision;
  const r = reg.run({ verb: 'delete', target: nsTarget('team-a'), options: { dryRun: ['All'] } });
  t.like(r, { code: 200, body: { status: { phase: 'Terminating' } } });
  t.is(reg.revision, revision);
  t.is(reg.nsOf('team-a')?.status?.phase, 'Active');
});

test('DELETE of a missing namespace is 404; namespaces are not deleted as a collection (405)', (t) => {
  const reg = fresh();
  t.like(reg.run({ verb: 'delete', target: nsTarget('nope') }), { code: 404, body: { message: 'namespaces "nope" not found' } });
  t.like(reg.run({ verb: 'deletecollection', target: NAMESPACES }), { code: 405, body: { reason: 'MethodNotAllowed' } });
});

test('a namespace with no spec.finalizers is still only marked by the first DELETE, and removed by the next', (t) => {
  const reg = fresh();
  reg.must({ verb: 'update', target: nsTarget('team-a', 'finalize'), body: { ...reg.nsOf('team-a')!, spec: { finalizers: [] } } as never });
  t.like(reg.nsOf('team-a'), { spec: { finalizers: [] }, status: { phase: 'Active' } });
  t.like(reg.run({ verb: 'delete', target: nsTarget('team-a') }), { code: 200, body: { status: { phase: 'Terminating' } } });
  t.truthy(reg.nsOf('team-a'));
  t.like(reg.run({ verb: 'delete', target: nsTarget('team-a') }), { code: 200, body: { kind: 'Namespace', metadata: { name: 'team-a' } } });
  t.is(reg.nsOf('team-a'), undefined);
});

test('a terminating namespace with no spec.finalizers but an orphan finalizer is kept by DELETE until the GC clears it', (t) => {
  const reg = fresh();
  reg.must({ verb: 'update', target: nsTarget('team-a', 'finalize'), body: { ...reg.nsOf('team-a')!, spec: { finalizers: [] } } as never });
  reg.must({ verb: 'delete', target: nsTarget('team-a'), options: { propagationPolicy: 'Orphan' } });
  t.like(reg.run({ verb: 'delete', target: nsTarget('team-a') }), { code: 200, body: { metadata: { finalizers: ['orphan'] } } });
  const ns = reg.nsOf('team-a')!;
  reg.must({ verb: 'update', target: nsTarget('team-a'), body: { ...ns, metadata: { ...ns.metadata, finalizers: [] } } as never });
  t.is(reg.nsOf('team-a'), undefined);
});
