import test from 'ava';
import { jsonDecodeError } from '../../../../actors/kube-apiserver/schema/type-errors.ts';

const deployRef = { group: 'apps', version: 'v1', kind: 'Deployment' };
const deploy = (spec: Record<string, unknown> = {}, podSpec: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], ...container }], ...podSpec } },
    ...spec,
  },
});

test('a well-typed manifest decodes', (t) => {
  t.is(jsonDecodeError(deployRef, deploy()), undefined);
  t.is(jsonDecodeError(deployRef, deploy({ strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } } }, {}, { resources: { limits: { cpu: '500m', memory: 128974848 } } })), undefined);
});

// encoding/json's UnmarshalTypeError: the innermost struct, the field path without list indices
// or map keys, and the Go type (named types by their package's name).
test('type errors as the JSON decoder words them', (t) => {
  const cases: [unknown, string][] = [
    [deploy({ replicas: '3' }), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [deploy({ replicas: 1.5 }), 'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [deploy({ replicas: 2 ** 31 }), 'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32'],
    [deploy({}, {}, { image: 1 }), 'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string'],
    [deploy({}, {}, { ports: [{ containerPort: '80' }] }), 'json: cannot unmarshal string into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32'],
    [deploy({}, { containers: { name: 'x' } }), 'json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
    [deploy({}, { restartPolicy: 1 }), 'json: cannot unmarshal number into Go struct field PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy'],
    [deploy({}, { hostNetwork: 'true' }), 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.hostNetwork of type bool'],
    [deploy({ template: 'x' }), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec'],
    [{ ...deploy(), metadata: { name: 'web', labels: { app: 1 } } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
    [deploy({}, {}, { args: ['a', 2] }), 'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.args of type string'],
    [deploy({}, {}, { resources: { limits: { cpu: 'lots' } } }), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [deploy({}, {}, { resources: { limits: { cpu: '1Xi' } } }), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    [deploy({}, {}, { resources: { limits: { cpu: '1mm' } } }), "unable to parse quantity's suffix"],
    [deploy({ strategy: { rollingUpdate: { maxSurge: true } } }), 'json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32'],
    [deploy({ strategy: { rollingUpdate: { maxSurge: 0.5 } } }), 'json: cannot unmarshal number 0.5 into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32'],
    [{ ...deploy(), metadata: { name: 'web', creationTimestamp: 5 } }, 'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string'],
  ];
  for (const [obj, want] of cases) t.is(jsonDecodeError(deployRef, obj), want);
});

test('the first type error in document order is reported, unless a custom decoder fails later', (t) => {
  t.is(jsonDecodeError(deployRef, deploy({ replicas: 'x', minReadySeconds: 'y' })), 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
  t.is(jsonDecodeError(deployRef, deploy({ replicas: 'x' }, {}, { resources: { requests: { memory: [] } } })), "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
});

test('null is every type\'s zero; unknown fields and arbitrary JSON are not type-checked', (t) => {
  t.is(jsonDecodeError(deployRef, deploy({ replicas: null, bogus: { x: 1 } }, { nodeSelector: null })), undefined);
  t.is(jsonDecodeError({ group: 'apps', version: 'v1', kind: 'ControllerRevision' }, { revision: 1, data: [1, 'x'] }), undefined);
  t.is(jsonDecodeError({ group: 'x', version: 'v1', kind: 'Widget' }, { spec: 1 }), undefined);
});

test('[]byte fields take base64 text: a Secret\'s data that is not base64 fails with Go\'s offset', (t) => {
  const secretRef = { group: '', version: 'v1', kind: 'Secret' };
  t.is(jsonDecodeError(secretRef, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { user: 'YWRtaW4=' } }), undefined);
  t.is(jsonDecodeError(secretRef, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { user: 'admin!' } }), 'illegal base64 data at input byte 5');
  t.is(jsonDecodeError(secretRef, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { n: 5 } }), 'json: cannot unmarshal number into Go struct field Secret.data of type []uint8');
  t.is(jsonDecodeError(secretRef, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { user: 'admin!' } }), undefined);
});
