import test from 'ava';
import { computeZoneState, enqueue, newTainter, swapLimiter, tryAccept, untilToken } from '../../../../actors/kube-controller-manager/nodelifecycle/zones.ts';
import { minTolerationMs } from '../../../../actors/kube-controller-manager/nodelifecycle/taint-eviction.ts';
import { matchingTolerations, swapTaints, tolerates, zoneKey } from '../../../../actors/kube-controller-manager/nodelifecycle/taints.ts';
import { betaLabelsPatch } from '../../../../actors/kube-controller-manager/nodelifecycle/labels.ts';

const c = (status: string) => ({ type: 'Ready', status });

test('zone state: full when none is Ready, partial from more than 2 and 55% not Ready, normal otherwise', (t) => {
  const table: [(ReturnType<typeof c> | undefined)[], string][] = [
    [[], 'Normal'],
    [[c('True'), c('True')], 'Normal'],
    [[c('Unknown')], 'FullDisruption'],
    [[undefined, c('False')], 'FullDisruption'],
    [[c('False'), c('True')], 'Normal'],
    [[c('False'), c('False'), c('True')], 'Normal'],
    [[c('False'), c('Unknown'), undefined, c('True'), c('True')], 'PartialDisruption'],
    [[c('False'), c('False'), c('False'), c('True'), c('True'), c('True')], 'Normal'],
  ];
  for (const [conds, state] of table) t.is(computeZoneState(conds, 0.55).state as string, state, JSON.stringify(conds));
});

test('tainting limiter: burst 1 at 0.1/s, a swap to the same rate changes nothing, a swap while starved starts empty, rate 0 never accepts', (t) => {
  const z = newTainter(0.1, 0);
  t.true(tryAccept(z, 0));
  t.false(tryAccept(z, 5_000));
  t.is(untilToken(z, 5_000), 5_000);
  t.true(tryAccept(z, 10_000));
  swapLimiter(z, 0.1, 10_000);
  t.false(tryAccept(z, 10_000));
  swapLimiter(z, 0.01, 10_000);
  t.false(tryAccept(z, 10_000));
  t.is(untilToken(z, 10_000), 100_000);
  swapLimiter(z, 0, 10_000);
  t.false(tryAccept(z, 1_000_000));
  t.is(untilToken(z, 1_000_000), undefined);
  t.true(enqueue(z, 'a', 'u', 0));
  t.false(enqueue(z, 'a', 'u', 1), 'a queued node is not queued twice');
});

test('tolerations: matching as Toleration.ToleratesTaint; the shortest tolerationSeconds wins, none means forever', (t) => {
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  t.true(tolerates({ operator: 'Exists' }, taint));
  t.true(tolerates({ key: taint.key, operator: 'Exists' }, taint));
  t.false(tolerates({ key: taint.key, operator: 'Exists', effect: 'NoSchedule' }, taint));
  t.true(tolerates({ key: taint.key, effect: 'NoExecute' }, taint), 'Equal with no value matches a taint with no value');
  t.false(tolerates({ key: taint.key, value: 'x' }, taint));
  t.false(tolerates({ key: 'other', operator: 'Exists' }, taint));
  t.deepEqual(matchingTolerations([taint, { key: 'x', effect: 'NoExecute' }], [{ key: taint.key, operator: 'Exists' }]), { all: false, used: [] });
  t.is(minTolerationMs([]), 0);
  t.is(minTolerationMs([{ tolerationSeconds: 10 }, { tolerationSeconds: 20 }]), 10_000);
  t.is(minTolerationMs([{}, { tolerationSeconds: 20 }]), 20_000);
  t.is(minTolerationMs([{}]), -1);
  t.is(minTolerationMs([{ tolerationSeconds: -5 }, { tolerationSeconds: 20 }]), 0);
});

test('taint helpers: swapping keeps other taints in place; zone keys join region and zone', (t) => {
  const other = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
  const nr = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
  const ur = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-01T00:00:00Z' };
  t.deepEqual(swapTaints([other, nr], [ur], [nr]), [other, ur]);
  t.is(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/zone': 'z1', 'topology.kubernetes.io/region': 'r1' } } }), 'r1:\u0000:z1');
  t.is(zoneKey({ metadata: { labels: { 'failure-domain.beta.kubernetes.io/zone': 'z2' } } }), ':\u0000:z2');
  t.is(zoneKey({ metadata: {} }), '');
});

test('node labels: the beta os and arch labels follow the stable ones', (t) => {
  const call = betaLabelsPatch({ metadata: { name: 'a', labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/arch': 'arm64' } } });
  t.deepEqual(JSON.parse((call as { patch: string }).patch), { metadata: { labels: { 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' } } });
  t.is(betaLabelsPatch({ metadata: { name: 'a', labels: { 'kubernetes.io/os': 'linux', 'beta.kubernetes.io/os': 'linux' } } }), undefined);
});
