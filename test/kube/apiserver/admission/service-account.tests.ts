// ServiceAccount: the default account, the projected API-access volume and its mounts, and the
// refusals for missing accounts and mirror pods.

import test from 'ava';
import { TOKEN_MOUNT_PATH, randomSuffix, serviceAccount, tokenVolume } from '../../../../actors/kube-apiserver/admission/service-account.ts';
import type { ServiceAccount } from '../../../../protocols/kube/objects.ts';
import { ctx, pod, podCreate, specOf } from './fixtures.ts';

const sa = (name: string, extra: Partial<ServiceAccount> = {}): ServiceAccount => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'default' }, ...extra });
const cluster = { serviceAccounts: [sa('default'), sa('builder', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'registry' }] })] };
const fixedPick = () => 0;

test('a pod gets the default account and the kube-api-access volume in every container', (t) => {
  const a = podCreate(pod('web', { app: {}, sidecar: {} }, { initContainers: [{ name: 'init', image: 'busybox' }] }));
  t.is(serviceAccount.admit!(a, ctx(cluster, fixedPick)), undefined);
  const spec = specOf(a.object);
  t.is(spec.serviceAccountName, 'default');
  const mount = { name: 'kube-api-access-bbbbb', readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
  for (const c of [...spec.initContainers!, ...spec.containers]) t.deepEqual(c.volumeMounts, [mount]);
  t.deepEqual(spec.volumes, [
    {
      name: 'kube-api-access-bbbbb',
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
        ],
        defaultMode: 420,
      },
    },
  ]);
});

test('the volume suffix is five characters of rand.String\'s alphabet, from the seeded stream', (t) => {
  let i = 0;
  const s = randomSuffix(() => [26, 0, 1, 20, 25][i++]!);
  t.is(s, '9bc28');
  t.regex(randomSuffix((n) => n - 1), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('automountServiceAccountToken false on the pod or the account mounts nothing', (t) => {
  const off = podCreate(pod('web', undefined, { automountServiceAccountToken: false }));
  serviceAccount.admit!(off, ctx(cluster));
  t.is(specOf(off.object).volumes, undefined);
  const builder = podCreate(pod('web', undefined, { serviceAccountName: 'builder' }));
  serviceAccount.admit!(builder, ctx(cluster));
  t.is(specOf(builder.object).volumes, undefined);
  t.deepEqual(specOf(builder.object).imagePullSecrets, [{ name: 'registry' }]);
});

test('the pod wins over the account: automount true on the pod mounts despite the account', (t) => {
  const a = podCreate(pod('web', undefined, { serviceAccountName: 'builder', automountServiceAccountToken: true }));
  serviceAccount.admit!(a, ctx(cluster, fixedPick));
  t.is(specOf(a.object).volumes?.[0]?.name, 'kube-api-access-bbbbb');
});

test('a container already mounting the token path is left alone; an existing volume is reused', (t) => {
  const p = pod('web', { a: {}, b: {} }, { volumes: [tokenVolume('kube-api-access-mine')] });
  specOf(p).containers[0]!.volumeMounts = [{ name: 'own', mountPath: TOKEN_MOUNT_PATH }];
  const a = podCreate(p);
  serviceAccount.admit!(a, ctx(cluster, fixedPick));
  const spec = specOf(a.object);
  t.deepEqual(spec.containers[0]!.volumeMounts, [{ name: 'own', mountPath: TOKEN_MOUNT_PATH }]);
  t.deepEqual(spec.containers[1]!.volumeMounts, [{ name: 'kube-api-access-mine', readOnly: true, mountPath: TOKEN_MOUNT_PATH }]);
  t.is(spec.volumes!.length, 1);
});

test('a missing account is 403 with the lookup error', (t) => {
  const s = serviceAccount.admit!(podCreate(pod('web', undefined, { serviceAccountName: 'ghost' })), ctx(cluster));
  t.like(s, { code: 403, message: 'pods "web" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found' });
  const none = serviceAccount.admit!(podCreate(pod('web')), ctx({}));
  t.like(none, { message: 'pods "web" is forbidden: error looking up service account default/default: serviceaccount "default" not found' });
});

const mirror = (extra = {}) => {
  const p = pod('static-web', undefined, extra);
  p.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
  return p;
};

test('mirror pods are not changed, and may reference no account, secret or token', (t) => {
  const ok = podCreate(mirror());
  t.is(serviceAccount.admit!(ok, ctx(cluster)), undefined);
  t.is(specOf(ok.object).serviceAccountName, undefined);
  const cases: [object, string][] = [
    [{ serviceAccountName: 'default' }, 'a mirror pod may not reference service accounts'],
    [{ volumes: [{ name: 's', secret: { secretName: 'db' } }] }, 'a mirror pod may not reference secrets'],
    [{ imagePullSecrets: [{ name: 'registry' }] }, 'a mirror pod may not reference secrets'],
    [{ volumes: [tokenVolume('kube-api-access-x')] }, 'a mirror pod may not use ServiceAccountToken volume projections'],
  ];
  for (const [extra, why] of cases) t.like(serviceAccount.admit!(podCreate(mirror(extra)), ctx(cluster)), { message: `pods "static-web" is forbidden: ${why}` });
});
