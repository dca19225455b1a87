// The defaulting plugins: DefaultTolerationSeconds, DefaultStorageClass and Priority.

import test from 'ava';
import fc from 'fast-check';
import { defaultStorageClassPlugin } from '../../../../actors/kube-apiserver/admission/default-storage-class.ts';
import { defaultTolerationSeconds } from '../../../../actors/kube-apiserver/admission/default-toleration-seconds.ts';
import { priority } from '../../../../actors/kube-apiserver/admission/priority.ts';
import type { PersistentVolumeClaim, PriorityClass, StorageClass } from '../../../../protocols/kube/objects.ts';
import { attrs, claim, ctx, pod, podCreate, specOf } from './fixtures.ts';

const NOT_READY = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };

const TOLERATIONS: readonly [string, object[], object[]][] = [
  ['none: both added', [], [NOT_READY, UNREACHABLE]],
  ['not-ready present: unreachable added', [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }], [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 }, UNREACHABLE]],
  ['empty key and effect tolerate everything', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
  ['a NoSchedule toleration does not count', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, NOT_READY, UNREACHABLE]],
  ['empty effect on the key counts', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, NOT_READY]],
];

for (const [name, before, after] of TOLERATIONS) {
  test(`DefaultTolerationSeconds: ${name}`, (t) => {
    const a = podCreate(pod('web', undefined, { tolerations: before as never }));
    t.is(defaultTolerationSeconds.admit!(a, ctx()), undefined);
    t.deepEqual(specOf(a.object).tolerations, after);
  });
}

const sc = (name: string, created: string, isDefault: boolean): StorageClass => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name, creationTimestamp: created, ...(isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  provisioner: 'example.com/disk',
});
const classOf = (o: unknown): string | undefined => (o as PersistentVolumeClaim).spec?.storageClassName;
const pvcCreate = (spec: NonNullable<PersistentVolumeClaim['spec']> = {}) => attrs({ resource: 'persistentvolumeclaims', namespace: 'default', object: claim('data', spec) });

test('DefaultStorageClass: a claim without a class gets the default one, the newest when several', (t) => {
  const classes = [sc('old', '2026-01-01T00:00:00Z', true), sc('new', '2026-02-01T00:00:00Z', true), sc('newest-plain', '2026-03-01T00:00:00Z', false)];
  const a = pvcCreate();
  defaultStorageClassPlugin.admit!(a, ctx({ storageClasses: classes }));
  t.is(classOf(a.object), 'new');
  const tie = pvcCreate();
  defaultStorageClassPlugin.admit!(tie, ctx({ storageClasses: [sc('b', '2026-01-01T00:00:00Z', true), sc('a', '2026-01-01T00:00:00Z', true)] }));
  t.is(classOf(tie.object), 'a');
});

test('DefaultStorageClass: a named class, even "", and no default leave the claim alone', (t) => {
  const classes = [sc('fast', '2026-01-01T00:00:00Z', true)];
  for (const name of ['', 'slow']) {
    const a = pvcCreate({ storageClassName: name });
    defaultStorageClassPlugin.admit!(a, ctx({ storageClasses: classes }));
    t.is(classOf(a.object), name);
  }
  const none = pvcCreate();
  defaultStorageClassPlugin.admit!(none, ctx({ storageClasses: [sc('plain', '2026-01-01T00:00:00Z', false)] }));
  t.is(classOf(none.object), undefined);
});

const pc = (name: string, value: number, extra: Partial<PriorityClass> = {}): PriorityClass => ({
  apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, preemptionPolicy: 'PreemptLowerPriority', ...extra,
});
const classes = [pc('high', 1000000), pc('batch', 10, { preemptionPolicy: 'Never' })];

const PRIORITIES: readonly [string, object, PriorityClass[], object][] = [
  ['no class, no default: 0', {}, classes, { priority: 0, preemptionPolicy: 'PreemptLowerPriority' }],
  ['named class', { priorityClassName: 'high' }, classes, { priorityClassName: 'high', priority: 1000000, preemptionPolicy: 'PreemptLowerPriority' }],
  ['class with Never', { priorityClassName: 'batch' }, classes, { priorityClassName: 'batch', priority: 10, preemptionPolicy: 'Never' }],
  ['global default', {}, [...classes, pc('normal', 100, { globalDefault: true })], { priorityClassName: 'normal', priority: 100 }],
  ['two global defaults: the lowest', {}, [pc('a', 200, { globalDefault: true }), pc('b', 50, { globalDefault: true })], { priorityClassName: 'b', priority: 50 }],
  ['system-node-critical is built in', { priorityClassName: 'system-node-critical' }, [], { priority: 2000001000, preemptionPolicy: 'PreemptLowerPriority' }],
  ['system-cluster-critical is built in', { priorityClassName: 'system-cluster-critical' }, [], { priority: 2000000000 }],
];

for (const [name, extra, list, want] of PRIORITIES) {
  test(`Priority: ${name}`, (t) => {
    const a = podCreate(pod('web', undefined, extra));
    t.is(priority.admit!(a, ctx({ priorityClasses: list })), undefined);
    t.like(specOf(a.object), want);
  });
}

test('Priority: an unknown class and a stated priority that differs are refused', (t) => {
  t.like(priority.admit!(podCreate(pod('web', undefined, { priorityClassName: 'gold' })), ctx({ priorityClasses: classes })), {
    code: 403,
    message: 'pods "web" is forbidden: no PriorityClass with name gold was found',
  });
  t.like(priority.admit!(podCreate(pod('web', undefined, { priorityClassName: 'high', priority: 5 })), ctx({ priorityClasses: classes })), {
    message: 'pods "web" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000000 from the given PriorityClass name',
  });
  t.is(priority.admit!(podCreate(pod('web', undefined, { priorityClassName: 'high', priority: 1000000 })), ctx({ priorityClasses: classes })), undefined);
});

test('Priority: an update keeps the stored priority', (t) => {
  const old = pod('web', undefined, { priority: 7, preemptionPolicy: 'Never' });
  const a = attrs({ operation: 'UPDATE', resource: 'pods', namespace: 'default', object: pod('web'), oldObject: old });
  priority.admit!(a, ctx());
  t.like(specOf(a.object), { priority: 7, preemptionPolicy: 'Never' });
});

test('Priority: only one PriorityClass may be the global default', (t) => {
  const existing = [pc('normal', 100, { globalDefault: true })];
  const create = attrs({ resource: 'priorityclasses', object: pc('other', 5, { globalDefault: true }) as never });
  t.like(priority.validate!(create, ctx({ priorityClasses: existing })), {
    code: 403,
    message: 'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist',
  });
  const update = attrs({ operation: 'UPDATE', resource: 'priorityclasses', object: existing[0] as never, oldObject: existing[0] as never });
  t.is(priority.validate!(update, ctx({ priorityClasses: existing })), undefined);
});

test('DefaultTolerationSeconds in one pass gives what filtering the two keys against the list gives, holes and all (property)', (t) => {
  type Tol = { key?: string; effect?: string; operator?: string };
  const covers = (x: Tol, key: string): boolean => (x.key === key || !x.key) && (x.effect === 'NoExecute' || !x.effect);
  // The plugin as it was written before its one-pass form.
  const reference = (present: readonly Tol[]): readonly Tol[] | 'unchanged' => {
    const added = [NOT_READY, UNREACHABLE].filter((d) => !present.some((x) => covers(x, d.key)));
    return added.length > 0 ? [...present, ...added] : 'unchanged';
  };
  const tol = fc.record({ key: fc.constantFrom('node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', '', 'other'), effect: fc.constantFrom('NoExecute', '', 'NoSchedule'), operator: fc.constant('Exists') }, { requiredKeys: [] });
  let added = 0;
  fc.assert(
    fc.property(fc.sparseArray(tol, { maxLength: 5 }), (present) => {
      const a = podCreate(pod('web', undefined, { tolerations: present as never }));
      const before = specOf(a.object).tolerations;
      defaultTolerationSeconds.admit!(a, ctx());
      const want = reference(present);
      const got = specOf(a.object).tolerations;
      if (want === 'unchanged') return got === before;
      added++;
      return got !== before && JSON.stringify(got) === JSON.stringify(want) && got!.length === want.length && Object.keys(got!).length === Object.keys(want).length;
    }),
    // At 300 runs some seeds added to as few as 122 lists, too near the floor of 100; at 500 the
    // fewest over 400 seeds was 213.
    { numRuns: 500 },
  );
  t.true(added > 100, `${added} lists added to`);
});
