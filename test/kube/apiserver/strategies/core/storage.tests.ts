import test from 'ava';
import { persistentVolumeClaimStrategy as pvc, persistentVolumeStrategy as pv, storageClassStrategy as sc } from '../../../../../actors/kube-apiserver/strategies/core/storage.ts';
import { create, obj, update } from './harness.ts';

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
