// Volume payloads with the facts of the configmap, secret, downwardapi and projected plugins'
// tests: every key without items, listed keys at their paths with their modes, missing keys,
// optional sources, binaryData and base64, the downward API's formatting and resource values.

import test from 'ava';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.d.ts';
import { formatMap, goQuote, extractFieldPathAsString, resourceValueFor } from '../../../../actors/kubelet/volumes/fieldpath.ts';
import { type FileProjection, configMapPayload, downwardAPIPayload, projectedPayload, secretPayload } from '../../../../actors/kubelet/volumes/payload.ts';

const text = (files: FileProjection[]) => Object.fromEntries(files.map((f) => [f.path, [new TextDecoder().decode(f.data), f.mode.toString(8)]]));
const cm: ConfigMap = { metadata: { name: 'cfg', namespace: 'ns' }, data: { foo: 'foo', bar: 'bar' }, binaryData: { bin: Buffer.from([0, 1, 2]).toString('base64') } };

test('configMap: no items projects every key with the default mode, binaryData decoded', (t) => {
  const r = configMapPayload(cm, undefined, 0o644, false);
  t.true(r.ok);
  if (!r.ok) return;
  t.deepEqual(r.files.map((f) => f.path), ['bar', 'bin', 'foo']);
  t.deepEqual([...r.files.find((f) => f.path === 'bin')!.data], [0, 1, 2]);
  t.is(r.files[0]!.mode, 0o644);
});

test('configMap items: paths, per-item modes, missing keys fail unless optional', (t) => {
  const r = configMapPayload(cm, [{ key: 'foo', path: 'path/to/foo.txt', mode: 0o400 }, { key: 'bar', path: 'bar.txt' }], 0o644, false);
  t.deepEqual(r.ok && text(r.files), { 'bar.txt': ['bar', '644'], 'path/to/foo.txt': ['foo', '400'] });
  t.deepEqual(configMapPayload(cm, [{ key: 'nope', path: 'x' }], 0o644, false), { ok: false, error: 'configmap references non-existent config key: nope' });
  const opt = configMapPayload(cm, [{ key: 'nope', path: 'x' }, { key: 'foo', path: 'f' }], 0o644, true);
  t.deepEqual(opt.ok && text(opt.files), { f: ['foo', '644'] });
});

test('secret: data decoded from base64; missing key message', (t) => {
  const s: Secret = { metadata: { name: 's' }, data: { username: Buffer.from('admin').toString('base64'), password: Buffer.from('p@ss').toString('base64') } };
  const r = secretPayload(s, undefined, 0o400, false);
  t.deepEqual(r.ok && text(r.files), { password: ['p@ss', '400'], username: ['admin', '400'] });
  t.deepEqual(secretPayload(s, [{ key: 'token', path: 't' }], 0o644, false), { ok: false, error: 'secret references non-existent secret key: token' });
  t.deepEqual(secretPayload(undefined, undefined, 0o644, true), { ok: true, files: [] });
});

const pod: Pod = {
  metadata: { name: 'test_pod_name', namespace: 'test_pod_namespace', uid: 'test_pod_uid', labels: { key1: 'value1', key2: 'value2' }, annotations: { a1: 'value1', multi: 'line1\nline2 "q"' } },
  spec: { containers: [{ name: 'c1', image: 'i', resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m', memory: '32Mi' } } }] },
};

test('downward API fields: name, namespace, uid, labels and annotations as sorted key="value" lines', (t) => {
  const items = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'metadata.labels', 'metadata.annotations', "metadata.labels['key2']"].map((fieldPath, i) => ({ path: `f${i}`, fieldRef: { fieldPath } }));
  const r = downwardAPIPayload(pod, items, 0o644, {});
  t.deepEqual(r.ok && Object.values(text(r.files)).map(([v]) => v), ['test_pod_name', 'test_pod_namespace', 'test_pod_uid', 'key1="value1"\nkey2="value2"', 'a1="value1"\nmulti="line1\\nline2 \\"q\\""', 'value2']);
  t.deepEqual(extractFieldPathAsString(pod, 'spec.nodeName'), { ok: false, error: 'unsupported fieldPath: spec.nodeName' });
});

test("Go's %q and FormatMap", (t) => {
  t.is(goQuote('tab\there'), '"tab\\there"');
  t.is(goQuote('\u0001é'), '"\\x01é"');
  t.is(formatMap({ b: '2', a: '1' }), 'a="1"\nb="2"');
  t.is(formatMap({}), '');
});

test('downward API resources: divisors round up; unset limits fall back to node allocatable', (t) => {
  const alloc = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' };
  const v = (resource: string, divisor?: string) => {
    const r = resourceValueFor({ resource, divisor, containerName: 'c1' }, pod, 'c1', alloc);
    return r.ok ? r.value : r.error;
  };
  t.is(v('requests.cpu'), '1');
  t.is(v('requests.cpu', '1m'), '250');
  t.is(v('limits.memory', '1Mi'), '64');
  t.is(v('requests.memory'), String(32 * 1024 * 1024));
  t.is(v('limits.cpu'), '4');
  t.is(v('limits.cpu', '1m'), '4000');
  t.is(v('limits.ephemeral-storage', '1Gi'), '100');
  t.is(v('requests.ephemeral-storage'), '0');
  t.is(v('limits.nvidia.com/gpu'), 'unsupported container resource : limits.nvidia.com/gpu');
  t.is(resourceValueFor({ resource: 'limits.cpu' }, pod, 'nope', alloc).ok, false);
});

test('projected: sources merged in order, later paths win, tokens left for a TokenRequest, errors aggregated', (t) => {
  const sources = { configMaps: (_: string, n: string) => (n === 'cfg' ? cm : undefined), secrets: () => undefined, allocatable: {} };
  const r = projectedPayload(pod, {
    sources: [
      { configMap: { name: 'cfg', items: [{ key: 'foo', path: 'same' }] } },
      { downwardAPI: { items: [{ path: 'same', fieldRef: { fieldPath: 'metadata.name' } }] } },
      { serviceAccountToken: { path: 'token', audience: 'api' } },
    ],
  }, sources);
  t.true(r.ok);
  if (r.ok) {
    t.deepEqual(text(r.files), { same: ['test_pod_name', '644'] });
    t.deepEqual(r.tokens, [{ path: 'token', mode: 0o644, audience: 'api', expirationSeconds: 3600 }]);
  }
  const bad = projectedPayload(pod, { sources: [{ configMap: { name: 'kube-root-ca.crt' } }, { secret: { name: 's' } }, { secret: { name: 'o', optional: true } }] }, sources);
  t.deepEqual(bad, { ok: false, error: '[configmap "kube-root-ca.crt" not found, secret "s" not found]' });
});
