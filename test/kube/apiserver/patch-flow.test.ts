// PATCH through the registry: each of the three patch types on a stored object, unknown fields
// under each fieldValidation, and a conflict only when the patch pins a resourceVersion.

import test from 'ava';
import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { Registry } from './harness.ts';

const deploys: Target = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
const web: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }, { name: 'side', image: 'busybox' }] } },
  },
};
const spec = (o: KubeObject) => o.spec as { replicas: number; template: { spec: { containers: { name: string; image: string }[] } } };

function withWeb(): Registry {
  const reg = new Registry();
  reg.run({ verb: 'create', target: deploys, body: web });
  return reg;
}
const patchWeb = (reg: Registry, patchType: 'json' | 'merge' | 'strategic', patch: unknown, fieldValidation?: 'Strict' | 'Warn' | 'Ignore') =>
  reg.run({ verb: 'patch', target: { ...deploys, name: 'web' }, patchType, patch: JSON.stringify(patch), options: fieldValidation ? { fieldValidation } : {} });

test('strategic merge patch merges containers by name; merge patch replaces the list; JSON patch edits by index', (t) => {
  const reg = withWeb();
  const smp = patchWeb(reg, 'strategic', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } } } });
  t.is(smp.code, 200);
  t.deepEqual(spec(smp.body as KubeObject).template.spec.containers.map((c) => `${c.name}=${c.image}`), ['nginx=nginx:1.16.1', 'side=busybox']);
  const merge = patchWeb(reg, 'merge', { spec: { template: { spec: { containers: [{ name: 'only', image: 'redis' }] } } } });
  t.deepEqual(spec(merge.body as KubeObject).template.spec.containers.map((c) => c.name), ['only']);
  const json = patchWeb(reg, 'json', [{ op: 'replace', path: '/spec/replicas', value: 5 }]);
  t.is(spec(json.body as KubeObject).replicas, 5);
  t.is((json.body as KubeObject).metadata.generation, 4);
});

test('unknown fields in a patch: Strict refuses, Warn warns, Ignore drops; the stored object never has them', (t) => {
  const reg = withWeb();
  const strict = patchWeb(reg, 'merge', { spec: { replica: 3 } }, 'Strict');
  t.is(strict.code, 422, 'the patch handler reports it as an invalid patch');
  t.regex((strict.body as { message: string }).message, /strict decoding error: unknown field "spec.replica"/);
  const warn = patchWeb(reg, 'merge', { spec: { replica: 3 } }, 'Warn');
  t.is(warn.code, 200);
  t.deepEqual(warn.warnings, ['unknown field "spec.replica"']);
  t.false('replica' in ((warn.body as KubeObject).spec as object));
  const ignore = patchWeb(reg, 'merge', { spec: { replica: 3 } }, 'Ignore');
  t.is(ignore.warnings, undefined);
});

test('a create with an unknown field under Strict is refused with the decoder wording and stores nothing', (t) => {
  const reg = new Registry();
  const before = reg.revision;
  const r = reg.run({ verb: 'create', target: deploys, body: { ...web, spec: { ...(web.spec as object), replica: 3 } }, options: { fieldValidation: 'Strict' } });
  t.like(r.body, { code: 400, reason: 'BadRequest', message: 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"' });
  t.is(reg.revision, before);
});

test('a patch that pins an old resourceVersion conflicts; one that pins none does not', (t) => {
  const reg = withWeb();
  const first = patchWeb(reg, 'merge', { spec: { replicas: 3 } }).body as KubeObject;
  patchWeb(reg, 'merge', { spec: { replicas: 4 } });
  const pinned = patchWeb(reg, 'merge', { metadata: { resourceVersion: first.metadata.resourceVersion }, spec: { replicas: 9 } });
  t.is(pinned.code, 409);
  t.is(spec(patchWeb(reg, 'merge', { spec: { replicas: 6 } }).body as KubeObject).replicas, 6);
});
