// FindMatchingVolume and the PV controller's access-mode index (protocols/kube/volume-matching.ts),
// with cases after Kubernetes' index_test.go (TestMatchVolume, TestFindingPreboundVolumes,
// TestVolumeModeCheck, TestAllPossibleAccessModes) and util's node affinity checks.

import test from 'ava';
import { checkVolumeNodeAffinity, checkVolumeSatisfyClaim, findBestMatchForClaim, findMatchingVolume, topologyTermsMatch } from '../../../../protocols/kube/volume-matching.ts';
import { node, pv, pvc } from './fixtures.ts';

const volumes = [
  pv('gce-1', '1G', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('gce-5', '5G', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('gce-10', '10G', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
  pv('nfs-5', '5G', { modes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
  pv('nfs-10', '10G', { modes: ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany'] }),
  pv('gold-20', '20G', { cls: 'gold', labels: { tier: 'gold' } }),
  pv('bound-1', '1G', { claimRef: { namespace: 'default', name: 'other', uid: 'x' } }),
  pv('huge', '1000000000T', { modes: ['ReadWriteOnce', 'ReadOnlyMany'] }),
];

const cases: [string, ReturnType<typeof pvc>, string | undefined][] = [
  ['8G RWO gets the 10G disk', pvc('c', '8G'), 'gce-10'],
  ['3G RWX gets the smallest multi-writer volume', pvc('c', '3G', { modes: ['ReadWriteMany'] }), 'nfs-5'],
  ['1G skips the bound 1G volume and takes the free one', pvc('c', '1G'), 'gce-1'],
  ['999T fits nothing but the huge volume', pvc('c', '999T'), 'huge'],
  ['a request above every volume matches none', pvc('c', '2000000000T'), undefined],
  ['a class matches only its volumes', pvc('c', '15G', { cls: 'gold' }), 'gold-20'],
  ['a selector no volume satisfies matches none', pvc('c', '1G', { cls: 'gold', selector: { matchLabels: { tier: 'silver' } } }), undefined],
  ['a selector and class both satisfied', pvc('c', '1G', { cls: 'gold', selector: { matchLabels: { tier: 'gold' } } }), 'gold-20'],
  ['a selector with a size no labelled volume reaches', pvc('c', '30G', { cls: 'gold', selector: { matchLabels: { tier: 'gold' } } }), undefined],
];

for (const [title, claim, want] of cases) {
  test(`matching: ${title}`, (t) => {
    t.is(findBestMatchForClaim(claim, volumes, false)?.metadata?.name, want);
  });
}

test('matching: a volume pre-bound to the claim wins over a smaller one, even while Pending, and under delay binding', (t) => {
  const claim = pvc('mine', '1G');
  const vols = [pv('small', '1G'), pv('reserved', '10G', { claimRef: { namespace: 'default', name: 'mine' }, phase: 'Pending' })];
  t.is(findMatchingVolume(claim, vols)?.metadata?.name, 'reserved');
  t.is(findMatchingVolume(claim, vols, { delayBinding: true })?.metadata?.name, 'reserved');
  // Without a node, delay binding leaves the unbound volumes to the scheduler.
  t.is(findMatchingVolume(claim, [pv('small', '1G')], { delayBinding: true }), undefined);
});

test('matching: a pre-bound volume too small, or with a uid of another claim, does not match', (t) => {
  const claim = pvc('mine', '5G');
  t.is(findMatchingVolume(claim, [pv('reserved', '1G', { claimRef: { namespace: 'default', name: 'mine' } })]), undefined);
  t.is(findMatchingVolume(claim, [pv('stale', '10G', { claimRef: { namespace: 'default', name: 'mine', uid: 'old' } })]), undefined);
});

test('matching: volume modes must agree, an absent mode being Filesystem', (t) => {
  t.is(findMatchingVolume(pvc('c', '1G', { mode: 'Block' }), [pv('fs', '1G')]), undefined);
  t.is(findMatchingVolume(pvc('c', '1G', { mode: 'Block' }), [pv('blk', '1G', { mode: 'Block' })])?.metadata?.name, 'blk');
  t.is(findMatchingVolume(pvc('c', '1G'), [pv('fs', '1G', { mode: 'Filesystem' })])?.metadata?.name, 'fs');
});

test('matching: only Available volumes and no volume being deleted are handed out', (t) => {
  const base = pv('del', '1G');
  const deleting = { ...base, metadata: { ...base.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
  t.is(findMatchingVolume(pvc('c', '1G'), [pv('released', '1G', { phase: 'Released' }), deleting]), undefined);
});

test('matching: on the scheduler path the node must satisfy the PV affinity and access modes are checked', (t) => {
  const local = pv('local', '1G', { hosts: ['n1'] });
  t.is(findMatchingVolume(pvc('c', '1G'), [local], { node: node('n1') })?.metadata?.name, 'local');
  t.is(findMatchingVolume(pvc('c', '1G'), [local], { node: node('n2') }), undefined);
  t.is(findMatchingVolume(pvc('c', '1G', { modes: ['ReadWriteMany'] }), [local], { node: node('n1') }), undefined);
  t.is(findMatchingVolume(pvc('c', '1G'), [local], { node: node('n1'), excluded: new Set(['local']) }), undefined);
  // A pre-bound volume on another node is no match at all.
  const reserved = pv('r', '1G', { hosts: ['n1'], claimRef: { namespace: 'default', name: 'c' } });
  t.is(findMatchingVolume(pvc('c', '1G'), [reserved, pv('other', '1G')], { node: node('n2') }), undefined);
});

test('matching: node affinity terms are ORed, expressions ANDed, empty terms match nothing', (t) => {
  const withTerms = (terms: unknown[]) => ({ ...pv('v', '1G'), spec: { ...pv('v', '1G').spec, nodeAffinity: { required: { nodeSelectorTerms: terms as never } } } });
  const labels = { zone: 'a', disk: 'ssd' };
  t.is(checkVolumeNodeAffinity(withTerms([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'Exists' }] }]), labels), undefined);
  t.is(checkVolumeNodeAffinity(withTerms([{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'NotIn', values: ['ssd'] }] }]), labels), 'no matching NodeSelectorTerms');
  t.is(checkVolumeNodeAffinity(withTerms([{}]), labels), 'no matching NodeSelectorTerms');
  t.is(checkVolumeNodeAffinity(pv('free', '1G'), labels), undefined);
});

test('matching: allowed topologies of a class', (t) => {
  t.true(topologyTermsMatch(undefined, {}));
  t.true(topologyTermsMatch([{ matchLabelExpressions: [{ key: 'zone', values: ['a', 'b'] }] }], { zone: 'b' }));
  t.false(topologyTermsMatch([{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }], { zone: 'b' }));
  t.false(topologyTermsMatch([{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }], {}));
});

test('matching: checkVolumeSatisfyClaim words why a requested volume cannot be bound', (t) => {
  t.is(checkVolumeSatisfyClaim(pv('v', '1Gi'), pvc('c', '2Gi')), 'requested PV is too small');
  t.is(checkVolumeSatisfyClaim(pv('v', '1Gi', { cls: 'a' }), pvc('c', '1Gi')), 'storageClassName does not match');
  t.is(checkVolumeSatisfyClaim(pv('v', '1Gi', { mode: 'Block' }), pvc('c', '1Gi')), 'incompatible volumeMode');
  t.is(checkVolumeSatisfyClaim(pv('v', '1Gi'), pvc('c', '1Gi', { modes: ['ReadWriteMany'] })), 'incompatible accessMode');
  t.is(checkVolumeSatisfyClaim(pv('v', '1Gi'), pvc('c', '1Gi')), undefined);
});
