// A container's environment with the facts of the kubelet's makeEnvironmentVariables tests:
// envFrom with prefixes and invalid keys, env values expanded against what came before,
// valueFrom sources, optional and missing sources, and command/args expansion.

import test from 'ava';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.d.ts';
import { containerEnv, expandCommandAndArgs, isEnvVarName } from '../../../../actors/kubelet/volumes/env.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const configMaps: Record<string, ConfigMap> = {
  'test-configmap': { metadata: { name: 'test-configmap' }, data: { REPLACE_ME: 'FROM_CONFIG_MAP', DUPE_TEST: 'CONFIG_MAP', '1234': 'abc', 'a.b': 'ok' } },
};
const secrets: Record<string, Secret> = { 'test-secret': { metadata: { name: 'test-secret' }, data: { DUPE_TEST: b64('SECRET'), password: b64('s3cr3t') } } };
const sources = {
  configMaps: (_: string, n: string) => configMaps[n],
  secrets: (_: string, n: string) => secrets[n],
  allocatable: { cpu: '4', memory: '8Gi' },
  podIP: '10.244.1.5',
  podIPs: ['10.244.1.5', 'fd00::5'],
  hostIPs: ['10.0.0.11'],
};
const pod = (c: Container): Pod => ({ metadata: { name: 'dapi-test-pod-name', namespace: 'test1', uid: 'u', labels: { app: 'web' } }, spec: { nodeName: 'worker-1', serviceAccountName: 'sa', containers: [c] } });
const env = (c: Container) => {
  const r = containerEnv(pod(c), c, sources);
  return r.ok ? Object.fromEntries(r.env.map((e) => [e.name, e.value])) : r.error;
};

test('envFrom then env: later definitions override, values expand against earlier ones', (t) => {
  const c: Container = {
    name: 'c',
    image: 'i',
    envFrom: [{ configMapRef: { name: 'test-configmap' } }, { prefix: 'p_', secretRef: { name: 'test-secret' } }],
    env: [
      { name: 'TEST_LITERAL', value: 'test-test-test' },
      { name: 'EXPANSION_TEST', value: '$(REPLACE_ME)' },
      { name: 'DUPE_TEST', value: 'ENV_VAR' },
      { name: 'SELF_REF', value: '$(SELF_REF)-$(TEST_LITERAL)-$(UNDEFINED)-$$(ESC)' },
      { name: 'EMPTY' },
    ],
  };
  t.deepEqual(env(c), {
    REPLACE_ME: 'FROM_CONFIG_MAP',
    DUPE_TEST: 'ENV_VAR',
    'a.b': 'ok',
    p_DUPE_TEST: 'SECRET',
    p_password: 's3cr3t',
    TEST_LITERAL: 'test-test-test',
    EXPANSION_TEST: 'FROM_CONFIG_MAP',
    SELF_REF: '$(SELF_REF)-test-test-test-$(UNDEFINED)-$(ESC)',
    EMPTY: '',
  });
});

test('invalid keys from envFrom are skipped and reported once per source', (t) => {
  const c: Container = { name: 'c', image: 'i', envFrom: [{ configMapRef: { name: 'test-configmap' } }] };
  const r = containerEnv(pod(c), c, sources);
  t.true(r.ok);
  if (r.ok) t.deepEqual(r.events, [{ type: 'Warning', reason: 'InvalidEnvironmentVariableNames', message: 'Keys [1234] from the EnvFrom configMap test1/test-configmap were skipped since they are considered invalid environment variable names.' }]);
  t.false(isEnvVarName('..x'));
  t.false(isEnvVarName('.'));
  t.true(isEnvVarName('my.env-name'));
  t.false(isEnvVarName('1abc'));
});

test('valueFrom: keys, fields the kubelet knows, pod metadata, resources with allocatable defaults', (t) => {
  const c: Container = {
    name: 'c',
    image: 'i',
    resources: { requests: { memory: '64Mi' } },
    env: [
      { name: 'CM', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'REPLACE_ME' } } },
      { name: 'PW', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'password' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'SA', valueFrom: { fieldRef: { fieldPath: 'spec.serviceAccountName' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_IPS', valueFrom: { fieldRef: { fieldPath: 'status.podIPs' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      { name: 'MEM_REQ_MI', valueFrom: { resourceFieldRef: { resource: 'requests.memory', divisor: '1Mi' } } },
    ],
  };
  t.deepEqual(env(c), {
    CM: 'FROM_CONFIG_MAP',
    PW: 's3cr3t',
    NODE: 'worker-1',
    SA: 'sa',
    POD_IP: '10.244.1.5',
    POD_IPS: '10.244.1.5,fd00::5',
    HOST_IP: '10.0.0.11',
    NAME: 'dapi-test-pod-name',
    APP: 'web',
    CPU_LIMIT: '4',
    MEM_REQ_MI: '64',
  });
});

test('missing sources: errors unless optional', (t) => {
  const one = (e: Container['env'], envFrom?: Container['envFrom']) => env({ name: 'c', image: 'i', env: e, envFrom });
  t.is(one([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }]), 'configmap "nope" not found');
  t.is(one([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'test-configmap', key: 'k' } } }]), "couldn't find key k in ConfigMap test1/test-configmap");
  t.is(one([{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }]), 'secret "nope" not found');
  t.is(one([{ name: 'X', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'k' } } }]), "couldn't find key k in Secret test1/test-secret");
  t.is(one([], [{ secretRef: { name: 'nope' } }]), 'secret "nope" not found');
  t.deepEqual(one([{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } }], [{ configMapRef: { name: 'nope', optional: true } }]), {});
  t.is(one([{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.bogus' } } }]), 'unsupported fieldPath: metadata.bogus');
});

test('command and args expand against the environment, $$ escaping and unknown refs kept', (t) => {
  const c: Container = { name: 'c', image: 'i', command: ['/bin/sh', '-c', 'echo $(GREETING) $(NOPE)'], args: ['$(NAME)', '$$(NAME)'] };
  t.deepEqual(expandCommandAndArgs(c, [{ name: 'GREETING', value: 'hello' }, { name: 'NAME', value: 'world' }]), { command: ['/bin/sh', '-c', 'echo hello $(NOPE)'], args: ['world', '$(NAME)'] });
});
