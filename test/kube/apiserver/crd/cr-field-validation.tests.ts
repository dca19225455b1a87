// fieldValidation on custom resources: the fields the CRD's schema prunes are reported as
// Kubernetes' field_validation integration tests expect (`unknown field "spec.unknown1"`, sorted),
// a 400 under Strict with nothing stored, warnings under Warn and by default, silence under Ignore;
// on JSON and merge patches too, where Strict refuses the patch as an invalid `patch` value.

import test from 'ava';
import { applyCommand } from '../../../../actors/etcd/mvcc/commands.ts';
import { customResourceStrategy } from '../../../../actors/kube-apiserver/crd/index.ts';
import { create } from '../../../../actors/kube-apiserver/registry/create.ts';
import type { RegistryEnv, Step } from '../../../../actors/kube-apiserver/registry/index.ts';
import { update } from '../../../../actors/kube-apiserver/registry/update.ts';
import { patch } from '../../../../actors/kube-apiserver/registry/patch.ts';
import type { ApiResult, FieldValidation } from '../../../../protocols/kube/api.ts';
import { crdResources } from '../../../../protocols/kube/crd-resources.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { Registry } from '../harness.ts';
import { cronTabCRD } from './crontab.ts';

const crd = cronTabCRD({ type: 'object', properties: { spec: { type: 'object', properties: {
  knownField1: { type: 'string' },
  ports: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, containerPort: { type: 'integer' }, protocol: { type: 'string' } } } },
  open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
} } } });

const r = crdResources(crd)[0]!;
const strategy = customResourceStrategy(crd.spec.versions[0]!);
const target = { group: r.group, version: r.version, resource: r.resource, namespace: 'default' };

const body = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'ct', namespace: 'default' }, spec });
const WITH_UNKNOWN = { unknown1: 'val1', unknownDupe: 'x', knownField1: 'val1', ports: [{ name: 'p', containerPort: 8080, protocol: 'TCP', unknownNested: 'val' }], open: { anything: 1 } };

function run(reg: Registry, step: (env: RegistryEnv) => Step): ApiResult {
  const env: RegistryEnv = { ...reg.env, strategyFor: () => strategy };
  let s = step(env);
  while (s.kind === 'etcd') s = s.then(applyCommand(reg.store, s.command));
  return s.result;
}

const warnings = ['unknown field "spec.ports[0].unknownNested"', 'unknown field "spec.unknown1"', 'unknown field "spec.unknownDupe"'];

test('custom resources: Strict refuses undeclared fields with a 400, nothing stored', (t) => {
  const reg = new Registry();
  const before = reg.revision;
  const res = run(reg, (env) => create(r, target, body(WITH_UNKNOWN), { fieldValidation: 'Strict' }, env));
  t.is(res.code, 400);
  t.like(res.body as object, { reason: 'BadRequest', message: `CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: ${warnings.join(', ')}` });
  t.is(reg.revision, before);
});

test('custom resources: Warn (the default) warns once per pruned field and stores the object pruned; Ignore says nothing', (t) => {
  for (const [directive, expected] of [[undefined, warnings], ['Warn', warnings], ['Ignore', undefined]] as [FieldValidation | undefined, string[] | undefined][]) {
    const reg = new Registry();
    const res = run(reg, (env) => create(r, target, body(WITH_UNKNOWN), directive ? { fieldValidation: directive } : {}, env));
    t.is(res.code, 201);
    t.deepEqual(res.ok ? res.warnings : 'failed', expected);
    t.deepEqual((res.body as KubeObject).spec, { knownField1: 'val1', ports: [{ name: 'p', containerPort: 8080, protocol: 'TCP' }], open: { anything: 1 } });
  }
});

test('custom resources: an update with an undeclared field under Strict is refused, the stored object unchanged', (t) => {
  const reg = new Registry();
  const created = run(reg, (env) => create(r, target, body({ knownField1: 'a' }), {}, env)).body as KubeObject;
  const res = run(reg, (env) => update(r, { ...target, name: 'ct' }, { ...created, spec: { knownField1: 'b', extra: true } }, { fieldValidation: 'Strict' }, env));
  t.is(res.code, 400);
  t.regex((res.body as { message: string }).message, /strict decoding error: unknown field "spec\.extra"$/);
  const ok = run(reg, (env) => update(r, { ...target, name: 'ct' }, { ...created, spec: { knownField1: 'b' } }, { fieldValidation: 'Strict' }, env));
  t.is(ok.code, 200);
});

test('custom resources: a JSON or merge patch adding an undeclared field is refused under Strict as an invalid patch, warned under Warn, silent under Ignore', (t) => {
  const patches = [
    ['merge', JSON.stringify({ spec: { extra: true } })],
    ['json', JSON.stringify([{ op: 'add', path: '/spec/extra', value: true }])],
  ] as const;
  for (const [type, text] of patches) {
    const reg = new Registry();
    run(reg, (env) => create(r, target, body({ knownField1: 'a' }), {}, env));
    const before = reg.revision;
    const strict = run(reg, (env) => patch(r, { ...target, name: 'ct' }, type, text, { fieldValidation: 'Strict' }, env));
    t.is(strict.code, 422, type);
    t.like(strict.body as object, { reason: 'Invalid', details: { causes: [{ field: 'patch', reason: 'FieldValueInvalid' }] } });
    t.regex((strict.body as { message: string }).message, /^ "" is invalid: patch: Invalid value: ".*": strict decoding error: unknown field "spec\.extra"$/);
    t.is(reg.revision, before, `${type}: nothing stored`);
    const warned = run(reg, (env) => patch(r, { ...target, name: 'ct' }, type, text, {}, env));
    t.is(warned.code, 200);
    t.deepEqual(warned.ok ? warned.warnings : 'failed', ['unknown field "spec.extra"']);
    t.deepEqual((warned.body as KubeObject).spec, { knownField1: 'a' }, `${type}: stored pruned`);
    const ignored = run(reg, (env) => patch(r, { ...target, name: 'ct' }, type, JSON.stringify(type === 'merge' ? { spec: { extra: 2, knownField1: 'b' } } : [{ op: 'add', path: '/spec/extra', value: 2 }, { op: 'replace', path: '/spec/knownField1', value: 'b' }]), { fieldValidation: 'Ignore' }, env));
    t.is(ignored.code, 200);
    t.deepEqual(ignored.ok ? ignored.warnings ?? [] : 'failed', []);
  }
});
