// LimitRanger: defaults from a namespace's LimitRanges and the min/max/ratio bounds, with the
// cases of the Kubernetes docs' "Limit Ranges" tasks and the plugin's exact messages.

import test from 'ava';
import { runAdmission } from '../../../../actors/kube-apiserver/admission/chain.ts';
import { LIMIT_RANGER_ANNOTATION, limitRanger } from '../../../../actors/kube-apiserver/admission/limit-ranger.ts';
import type { LimitRange } from '../../../../protocols/kube/objects.ts';
import { attrs, claim, ctx, pod, podCreate, specOf } from './fixtures.ts';

type Item = NonNullable<LimitRange['spec']>['limits'][number];
const limitRange = (name: string, ...limits: Item[]): LimitRange => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name, namespace: 'default' }, spec: { limits } });
const cluster = (...limitRanges: LimitRange[]) => ({ limitRanges });

function check(lr: LimitRange, p = pod('web')) {
  const a = podCreate(p);
  const c = ctx(cluster(lr));
  const admitted = limitRanger.admit!(a, c);
  return { mutated: a.object!, admitted, verdict: limitRanger.validate!(a, c) };
}

test('defaults fill requests and limits and say so in the annotation', (t) => {
  const lr = limitRange('mem', { type: 'Container', default: { memory: '512Mi', cpu: '1' }, defaultRequest: { memory: '256Mi', cpu: '0.5' } });
  const { mutated, verdict } = check(lr);
  t.is(verdict, undefined);
  t.deepEqual(specOf(mutated).containers[0]!.resources, { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '500m', memory: '256Mi' } });
  t.is(mutated.metadata.annotations?.[LIMIT_RANGER_ANNOTATION], 'LimitRanger plugin set: cpu, memory request for container nginx; cpu, memory limit for container nginx');
});

test('what a container sets is kept; init containers are defaulted too', (t) => {
  const lr = limitRange('cpu', { type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '500m' } });
  const p = pod('web', { app: { limits: { cpu: '2' } } }, { initContainers: [{ name: 'setup', image: 'busybox' }] });
  const { mutated } = check(lr, p);
  t.deepEqual(specOf(mutated).containers[0]!.resources, { limits: { cpu: '2' }, requests: { cpu: '500m' } });
  t.deepEqual(specOf(mutated).initContainers![0]!.resources, { limits: { cpu: '1' }, requests: { cpu: '500m' } });
  t.is(mutated.metadata.annotations?.[LIMIT_RANGER_ANNOTATION], 'LimitRanger plugin set: cpu request for container app; cpu request for init container setup; cpu limit for init container setup');
});

const CPU = limitRange('cpu-min-max', { type: 'Container', max: { cpu: '800m' }, min: { cpu: '200m' } });
const MEM = limitRange('mem-min-max', { type: 'Container', max: { memory: '1Gi' }, min: { memory: '500Mi' } });

const REJECTIONS: readonly [string, LimitRange, Record<string, { requests?: Record<string, string>; limits?: Record<string, string> }>, string][] = [
  ['cpu limit over max', CPU, { c: { requests: { cpu: '500m' }, limits: { cpu: '1.5' } } }, 'maximum cpu usage per Container is 800m, but limit is 1500m'],
  ['cpu request under min', CPU, { c: { requests: { cpu: '100m' }, limits: { cpu: '800m' } } }, 'minimum cpu usage per Container is 200m, but request is 100m'],
  ['no cpu limit', CPU, { c: { requests: { cpu: '500m' } } }, 'maximum cpu usage per Container is 800m.  No limit is specified'],
  ['no cpu request', CPU, { c: { limits: { cpu: '500m' } } }, 'minimum cpu usage per Container is 200m.  No request is specified'],
  ['memory limit over max', MEM, { c: { requests: { memory: '600Mi' }, limits: { memory: '1.5Gi' } } }, 'maximum memory usage per Container is 1Gi, but limit is 1536Mi'],
  ['memory request under min', MEM, { c: { requests: { memory: '100Mi' }, limits: { memory: '800Mi' } } }, 'minimum memory usage per Container is 500Mi, but request is 100Mi'],
  ['request over max', CPU, { c: { requests: { cpu: '900m' }, limits: { cpu: '800m' } } }, 'maximum cpu usage per Container is 800m, but request is 900m'],
  ['limit under min', CPU, { c: { requests: { cpu: '200m' }, limits: { cpu: '100m' } } }, 'minimum cpu usage per Container is 200m, but limit is 100m'],
  [
    'ratio over max',
    limitRange('ratio', { type: 'Container', maxLimitRequestRatio: { memory: '2' } }),
    { c: { requests: { memory: '100Mi' }, limits: { memory: '800Mi' } } },
    'memory max limit to request ratio per Container is 2, but provided ratio is 8.000000',
  ],
  [
    'ratio without request',
    limitRange('ratio', { type: 'Container', maxLimitRequestRatio: { cpu: '4' } }),
    { c: { limits: { cpu: '1' } } },
    'cpu max limit to request ratio per Container is 4, but no request is specified or request is 0',
  ],
  [
    'pod total over pod max',
    limitRange('pod', { type: 'Pod', max: { cpu: '2' } }),
    { a: { requests: { cpu: '1' }, limits: { cpu: '1.5' } }, b: { requests: { cpu: '1' }, limits: { cpu: '1.5' } } },
    'maximum cpu usage per Pod is 2, but limit is 3',
  ],
  [
    'two containers, two errors, aggregated',
    CPU,
    { a: { requests: { cpu: '500m' }, limits: { cpu: '1' } }, b: { requests: { cpu: '50m' }, limits: { cpu: '500m' } } },
    '[maximum cpu usage per Container is 800m, but limit is 1, minimum cpu usage per Container is 200m, but request is 50m]',
  ],
];

for (const [name, lr, containers, why] of REJECTIONS) {
  test(`rejects: ${name}`, (t) => {
    const { verdict } = check(lr, pod('web', containers));
    t.like(verdict, { code: 403, reason: 'Forbidden', message: `pods "web" is forbidden: ${why}` });
  });
}

test('within bounds passes; a ratio at the max passes', (t) => {
  t.is(check(CPU, pod('web', { c: { requests: { cpu: '200m' }, limits: { cpu: '800m' } } })).verdict, undefined);
  const ratio = limitRange('ratio', { type: 'Container', maxLimitRequestRatio: { memory: '2' } });
  t.is(check(ratio, pod('web', { c: { requests: { memory: '1Gi' }, limits: { memory: '2Gi' } } })).verdict, undefined);
});

test('defaults apply before the bounds are checked (the docs default-then-reject case)', (t) => {
  const lr = limitRange('cpu', { type: 'Container', default: { cpu: '1' }, defaultRequest: { cpu: '1' }, max: { cpu: '800m' } });
  const out = runAdmission(podCreate(pod('web')), ctx(cluster(lr)), [limitRanger]);
  t.like(out, { allowed: false, phase: 'validating', status: { message: 'pods "web" is forbidden: maximum cpu usage per Container is 800m, but limit is 1' } });
});

test('pod updates and subresources are not checked', (t) => {
  const p = pod('web', { c: { limits: { cpu: '5' } } });
  t.is(limitRanger.validate!(attrs({ operation: 'UPDATE', resource: 'pods', namespace: 'default', object: p, oldObject: p }), ctx(cluster(CPU))), undefined);
  t.is(limitRanger.validate!(attrs({ resource: 'pods', subresource: 'status', namespace: 'default', object: p }), ctx(cluster(CPU))), undefined);
});

const STORAGE = limitRange('storage', { type: 'PersistentVolumeClaim', max: { storage: '2Gi' }, min: { storage: '1Gi' } });
const pvc = (size: string) => claim('data', { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } });

test('claims are bounded by PersistentVolumeClaim limits', (t) => {
  const run = (size: string) => limitRanger.validate!(attrs({ resource: 'persistentvolumeclaims', namespace: 'default', object: pvc(size) }), ctx(cluster(STORAGE)));
  t.like(run('5Gi'), { message: 'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi' });
  t.like(run('500Mi'), { message: 'persistentvolumeclaims "data" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi' });
  t.is(run('1Gi'), undefined);
});

test('a claim update keeping a stored request is not checked again', (t) => {
  const old = pvc('5Gi');
  const a = attrs({ operation: 'UPDATE', resource: 'persistentvolumeclaims', namespace: 'default', object: pvc('5Gi'), oldObject: old });
  t.is(limitRanger.validate!(a, ctx(cluster(STORAGE))), undefined);
  const grown = attrs({ operation: 'UPDATE', resource: 'persistentvolumeclaims', namespace: 'default', object: pvc('6Gi'), oldObject: old });
  t.like(limitRanger.validate!(grown, ctx(cluster(STORAGE))), { code: 403 });
});
