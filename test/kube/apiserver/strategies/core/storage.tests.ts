import test from 'ava';
import { persistentVolumeClaimStrategy as pvc, persistentVolumeStrategy as pv, storageClassStrategy as sc } from '../../../../../actors/kube-apiserver/strategies/core/storage.ts';
import { CTX, create, obj, update } from './harness.ts';

const claim = (spec: Record<string, unknown>) => obj('v1', 'PersistentVolumeClaim', 'data', { spec }, 'default');
const GOOD_CLAIM = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

test('PVC: access modes and a storage request are required; defaults Filesystem, Pending', (t) => {
  const c = claim(GOOD_CLAIM);
  t.deepEqual(create(pvc, c), []);
  t.is((c.spec as { volumeMode: string }).volumeMode, 'Filesystem');
  t.deepEqual(c.status, { phase: 'Pending' });
  t.deepEqual(create(pvc, claim({ resources: { requests: { storage: '1Gi' } } })), ['spec.accessModes: Required value: at least 1 access mode is required']);
  t.deepEqual(create(pvc, claim({ accessModes: ['ReadWriteOnce'], resources: {} })), ['spec.resources[storage]: Required value']);
  t.deepEqual(create(pvc, claim({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '0' } } })), ['spec.resources[storage]: Invalid value: "0": must be greater than zero']);
  t.deepEqual(create(pvc, claim({ ...GOOD_CLAIM, accessModes: ['ReadWriteSometimes'] })), [
    'spec.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"',
  ]);
});

test('PVC updates: spec frozen but for a bound claim growing and a first volumeName', (t) => {
  const old = claim(GOOD_CLAIM);
  create(pvc, old);
  t.deepEqual(update(pvc, claim({ ...GOOD_CLAIM, volumeName: 'pv-1' }), old), []);
  const frozen = update(pvc, claim({ ...GOOD_CLAIM, accessModes: ['ReadWriteMany'] }), old);
  t.deepEqual(frozen, ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  const bound = { ...old, status: { phase: 'Bound' } };
  t.deepEqual(update(pvc, claim({ ...GOOD_CLAIM, resources: { requests: { storage: '2Gi' } } }), bound), []);
  t.deepEqual(update(pvc, claim({ ...GOOD_CLAIM, resources: { requests: { storage: '512Mi' } } }), bound), ['spec.resources.requests.storage: Forbidden: field can not be less than previous value']);
});

test('PV: capacity, one volume source, reclaim policy default Retain', (t) => {
  const vol = (spec: Record<string, unknown>) => obj('v1', 'PersistentVolume', 'pv-1', { spec });
  const good = { accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' }, hostPath: { path: '/data' } };
  const v = vol(good);
  t.deepEqual(create(pv, v), []);
  t.is((v.spec as { persistentVolumeReclaimPolicy: string }).persistentVolumeReclaimPolicy, 'Retain');
  t.deepEqual(create(pv, vol({ ...good, hostPath: undefined })), ['spec: Required value: must specify a volume type']);
  t.deepEqual(create(pv, vol({ ...good, nfs: { server: 's', path: '/' } })), ['spec.nfs: Forbidden: may not specify more than 1 volume type']);
  t.deepEqual(create(pv, vol({ ...good, capacity: {} })), ['spec.capacity: Required value']);
  const old = vol(good);
  create(pv, old);
  t.deepEqual(update(pv, vol({ ...good, hostPath: { path: '/other' } }), old), ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
});

test('StorageClass: provisioner required, defaults, frozen fields', (t) => {
  const cls = (body: Record<string, unknown>) => obj('storage.k8s.io/v1', 'StorageClass', 'standard', body);
  const c = cls({ provisioner: 'rancher.io/local-path' });
  t.deepEqual(create(sc, c), []);
  t.is(c.reclaimPolicy, 'Delete');
  t.is(c.volumeBindingMode, 'Immediate');
  t.deepEqual(create(sc, cls({})), ['provisioner: Required value']);
  t.deepEqual(create(sc, cls({ provisioner: 'p', reclaimPolicy: 'Recycle' })), ['reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"']);
  t.deepEqual(update(sc, cls({ provisioner: 'other.io/x', parameters: { a: 'b' } }), c), [
    'parameters: Forbidden: updates to parameters are forbidden.',
    'provisioner: Forbidden: updates to provisioner are forbidden.',
  ]);
});

test('PVC updates: a class may be set on a claim that has none, once (retroactive default StorageClass)', (t) => {
  const ann = (a: Record<string, string>) => ({ metadata: { name: 'data', namespace: 'default', annotations: a } });
  const cases: { title: string; old: Record<string, unknown>; next: Record<string, unknown>; oldAnn?: Record<string, string>; newAnn?: Record<string, string>; bound?: boolean; errs: string[] }[] = [
    { title: 'nil to a class', old: GOOD_CLAIM, next: { ...GOOD_CLAIM, storageClassName: 'standard' }, errs: [] },
    { title: 'nil to a class, bound claim', old: { ...GOOD_CLAIM, volumeName: 'pv-1' }, next: { ...GOOD_CLAIM, volumeName: 'pv-1', storageClassName: 'standard' }, bound: true, errs: [] },
    { title: 'nil to the empty class', old: GOOD_CLAIM, next: { ...GOOD_CLAIM, storageClassName: '' }, errs: [] },
    { title: 'null counts as unset', old: { ...GOOD_CLAIM, storageClassName: null }, next: { ...GOOD_CLAIM, storageClassName: 'standard' }, errs: [] },
    {
      title: 'a class to another',
      old: { ...GOOD_CLAIM, storageClassName: 'slow' },
      next: { ...GOOD_CLAIM, storageClassName: 'fast' },
      errs: ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    },
    {
      title: 'a class to nil',
      old: { ...GOOD_CLAIM, storageClassName: 'slow' },
      next: GOOD_CLAIM,
      errs: ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    },
    {
      title: 'the empty class to a class',
      old: { ...GOOD_CLAIM, storageClassName: '' },
      next: { ...GOOD_CLAIM, storageClassName: 'standard' },
      errs: ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    },
    {
      title: 'nil to a class with another spec change of a bound claim',
      old: { ...GOOD_CLAIM, volumeName: 'pv-1' },
      next: { ...GOOD_CLAIM, volumeName: 'pv-1', storageClassName: 'standard', accessModes: ['ReadOnlyMany'] },
      bound: true,
      errs: ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    },
    { title: 'annotation to the same class in spec', old: GOOD_CLAIM, next: { ...GOOD_CLAIM, storageClassName: 'gold' }, oldAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' }, newAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' }, errs: [] },
    { title: 'annotation dropped as the class moves to spec', old: GOOD_CLAIM, next: { ...GOOD_CLAIM, storageClassName: 'gold' }, oldAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' }, newAnn: {}, errs: [] },
    {
      title: 'annotation naming another class than spec',
      old: GOOD_CLAIM,
      next: { ...GOOD_CLAIM, storageClassName: 'silver' },
      oldAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' },
      newAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' },
      errs: ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims'],
    },
    {
      title: 'annotation changed',
      old: GOOD_CLAIM,
      next: GOOD_CLAIM,
      oldAnn: { 'volume.beta.kubernetes.io/storage-class': 'gold' },
      newAnn: { 'volume.beta.kubernetes.io/storage-class': 'silver' },
      errs: ['metadata.annotations.volume.beta.kubernetes.io/storage-class: Invalid value: "silver": field is immutable'],
    },
  ];
  for (const c of cases) {
    const old = obj('v1', 'PersistentVolumeClaim', 'data', { ...ann(c.oldAnn ?? {}), spec: c.old });
    create(pvc, old);
    if (c.bound) old.status = { phase: 'Bound' };
    const next = obj('v1', 'PersistentVolumeClaim', 'data', { ...ann(c.newAnn ?? {}), spec: c.next });
    t.deepEqual(update(pvc, next, old), c.errs, c.title);
  }
});

test('PV status: lastPhaseTransitionTime stamped when the phase changes, kept otherwise', (t) => {
  const vol = (status: Record<string, unknown>) => obj('v1', 'PersistentVolume', 'pv-1', { spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/d' } }, status });
  const T0 = '2026-01-01T00:00:00Z';
  const LATER = { ...CTX, now: '2026-01-01T00:05:00Z' };
  const created = vol({});
  create(pv, created);
  t.deepEqual(created.status, { phase: 'Pending', lastPhaseTransitionTime: T0 });
  const cases: { title: string; old: Record<string, unknown>; next: Record<string, unknown>; want: Record<string, unknown> }[] = [
    { title: 'phase changes: stamped now', old: { phase: 'Pending', lastPhaseTransitionTime: T0 }, next: { phase: 'Available' }, want: { phase: 'Available', lastPhaseTransitionTime: '2026-01-01T00:05:00Z' } },
    { title: 'phase changes, old time sent back: stamped now', old: { phase: 'Available', lastPhaseTransitionTime: T0 }, next: { phase: 'Bound', lastPhaseTransitionTime: T0 }, want: { phase: 'Bound', lastPhaseTransitionTime: '2026-01-01T00:05:00Z' } },
    { title: 'phase changes, writer sets its own time: kept', old: { phase: 'Bound', lastPhaseTransitionTime: T0 }, next: { phase: 'Released', lastPhaseTransitionTime: '2026-01-01T00:01:00Z' }, want: { phase: 'Released', lastPhaseTransitionTime: '2026-01-01T00:01:00Z' } },
    { title: 'same phase, time left out: the old one kept', old: { phase: 'Bound', lastPhaseTransitionTime: T0 }, next: { phase: 'Bound', message: 'x' }, want: { phase: 'Bound', message: 'x', lastPhaseTransitionTime: T0 } },
    { title: 'same phase, no time before: none', old: { phase: 'Bound' }, next: { phase: 'Bound' }, want: { phase: 'Bound' } },
    { title: 'same phase, writer sets a time: kept', old: { phase: 'Bound', lastPhaseTransitionTime: T0 }, next: { phase: 'Bound', lastPhaseTransitionTime: '2026-01-01T00:02:00Z' }, want: { phase: 'Bound', lastPhaseTransitionTime: '2026-01-01T00:02:00Z' } },
  ];
  for (const c of cases) {
    const old = vol(c.old);
    const next = vol(c.next);
    (next.spec as Record<string, unknown>).capacity = { storage: '5Gi' };
    pv.defaults(next);
    pv.status!.prepareForUpdate(next, old, LATER);
    t.deepEqual(next.status, c.want, c.title);
    t.deepEqual((next.spec as { capacity: unknown }).capacity, { storage: '1Gi' }, `${c.title}: the spec stays`);
  }
  // A spec update keeps the stored status, time and all.
  const old = pv.defaults(vol({ phase: 'Bound', lastPhaseTransitionTime: T0 }));
  const next = vol({ phase: 'Failed' });
  t.deepEqual(update(pv, next, old, LATER), []);
  t.deepEqual(next.status, { phase: 'Bound', lastPhaseTransitionTime: T0 });
});
