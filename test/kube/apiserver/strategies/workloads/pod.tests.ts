import test from 'ava';
import fc from 'fast-check';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';
import { imageTag, parseImageTag } from '../../../../../actors/kube-apiserver/strategies/workloads/pod-defaults.ts';
import { podQOSClass } from '../../../../../actors/kube-apiserver/strategies/workloads/pod-strategy.ts';

const pods = WORKLOAD_STRATEGIES['/pods']!;
const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pod = (spec: Record<string, any>, metadata: Record<string, any> = {}): KubeObject =>
  pods.defaults({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', ...metadata }, spec: structuredClone(spec) });
const ctr = (more: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'c', image: 'nginx:1.27', ...more });
const errorsOf = (spec: Record<string, unknown>): string => formatFieldErrors(pods.validate(pod(spec), ctx));

test('defaults: SetDefaults_Pod/PodSpec/Container as 1.32 (defaults_test.go facts)', (t) => {
  const p = pod({
    containers: [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
        livenessProbe: { httpGet: { port: 80 } },
      },
    ],
    volumes: [{ name: 'cfg', configMap: { name: 'c' } }, { name: 'scratch' }],
  });
  t.deepEqual(p.spec, {
    containers: [
      {
        name: 'web',
        image: 'nginx',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } },
        livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        imagePullPolicy: 'Always',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
      },
    ],
    volumes: [
      { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
    ],
    dnsPolicy: 'ClusterFirst',
    restartPolicy: 'Always',
    securityContext: {},
    terminationGracePeriodSeconds: 30,
    schedulerName: 'default-scheduler',
    enableServiceLinks: true,
  });
});

test('defaults: resource quantities are stored rounded up to milli-units, in canonical form (SetDefaults_ResourceList)', (t) => {
  const p = pod({ containers: [ctr({ resources: { requests: { cpu: 0.5, memory: '1.5Gi', 'ephemeral-storage': '100n' }, limits: { cpu: '1000m', memory: 'bogus' } } })] });
  t.deepEqual((p.spec as any).containers[0].resources, { requests: { cpu: '500m', memory: '1536Mi', 'ephemeral-storage': '1m' }, limits: { cpu: '1', memory: 'bogus' } });
  t.is(
    formatFieldErrors(pods.validate(p, ctx)),
    `spec.containers[0].resources.limits[memory]: Invalid value: "bogus": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  );
});

test('defaults: imagePullPolicy follows the tag ParseImageName reports', (t) => {
  const cases: [string, string][] = [
    ['nginx', 'latest'],
    ['nginx:latest', 'latest'],
    ['nginx:1.27', '1.27'],
    ['registry.example.com:5000/team/app', 'latest'],
    ['registry.example.com:5000/team/app:v2', 'v2'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', ''],
    ['Nginx', ''],
  ];
  for (const [image, tag] of cases) t.is(imageTag(image), tag, image);
  // Remembered tags answer for their image alone, in any order, past the memo's bound.
  const images = fc.sample(fc.tuple(fc.constantFrom('nginx', 'Nginx', 'reg.io:5000/app', 'a/b'), fc.constantFrom('', ':1', ':latest', '@sha256:00'), fc.nat(400)).map(([n, tag, i]) => `${n}${i}${tag}`), { numRuns: 2000, seed: 3 });
  for (const image of images) t.is(imageTag(image), parseImageTag(image), image);
  for (const [image, tag] of cases) t.is(imageTag(image), tag, `${image} again`);
  t.is((pod({ containers: [ctr({ image: 'nginx:1.27' })] }).spec as any).containers[0].imagePullPolicy, 'IfNotPresent');
  t.is((pod({ containers: [ctr({ image: 'nginx:latest' })] }).spec as any).containers[0].imagePullPolicy, 'Always');
});

test('defaults: a container without resources reads back with resources: {} (a Go struct field)', (t) => {
  t.deepEqual((pod({ containers: [ctr()] }).spec as any).containers[0].resources, {});
});

test('defaults: hostNetwork pods get hostPort = containerPort', (t) => {
  const p = pod({ hostNetwork: true, containers: [ctr({ ports: [{ containerPort: 8080 }] })] });
  t.deepEqual((p.spec as any).containers[0].ports, [{ containerPort: 8080, protocol: 'TCP', hostPort: 8080 }]);
  t.deepEqual(pods.validate(p, ctx), []);
});

test('validate: a defaulted minimal pod is valid', (t) => {
  t.deepEqual(pods.validate(pod({ containers: [ctr()] }), ctx), []);
});

test('validate: errors with exact paths and messages (validation_test.go facts)', (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ containers: [] }, 'spec.containers: Required value'],
    [{ containers: [ctr({ image: '' })] }, 'spec.containers[0].image: Required value'],
    [{ containers: [ctr(), ctr()] }, 'spec.containers[1].name: Duplicate value: "c"'],
    [
      { containers: [ctr({ name: 'Bad_Name' })] },
      `spec.containers[0].name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ],
    [{ containers: [ctr()], restartPolicy: 'Sometimes' }, 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    [{ containers: [ctr()], dnsPolicy: 'Bad' }, 'spec.dnsPolicy: Unsupported value: "Bad": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'],
    [{ containers: [ctr({ ports: [{ containerPort: 0 }] })] }, 'spec.containers[0].ports[0].containerPort: Required value'],
    [{ containers: [ctr({ ports: [{ containerPort: 70000 }] })] }, 'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive'],
    [{ containers: [ctr({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] }, 'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
    [
      { containers: [ctr({ ports: [{ name: 'http', containerPort: 80 }, { name: 'http', containerPort: 81 }] })] },
      'spec.containers[0].ports[1].name: Duplicate value: "http"',
    ],
    [{ containers: [ctr({ ports: [{ name: 'a-very-long-port-name', containerPort: 80 }] })] }, 'spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters'],
    [{ containers: [ctr({ volumeMounts: [{ name: 'missing', mountPath: '/x' }] })] }, 'spec.containers[0].volumeMounts[0].name: Not found: "missing"'],
    [{ containers: [ctr()], volumes: [{ name: 'v', emptyDir: {}, secret: { secretName: 's' } }] }, 'spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type'],
    [{ containers: [ctr()], volumes: [{ name: 'v', nfs: { server: 's', path: '/p' }, cephfs: { monitors: ['m'] } }] }, 'spec.volumes[0].cephFS: Forbidden: may not specify more than 1 volume type'],
    [{ containers: [ctr()], volumes: [{ name: 'v', configMap: { name: 'c' }, downwardAPI: {} }] }, 'spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type'],
    [{ containers: [ctr()], volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'c' }, downwardAPI: {} }] }, 'spec.volumes[0].downwarAPI: Forbidden: may not specify more than 1 volume type'],
    [{ containers: [ctr()], volumes: [{ name: 'v', configMap: { name: 'c', items: [{ key: 'k', path: '..data' }] } }] }, `spec.volumes[0].configMap.items[0].path: Invalid value: "..data": must not start with '..'`],
    [{ containers: [ctr()], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] }, 'spec.volumes[1].name: Duplicate value: "v"'],
    [{ containers: [ctr()], volumes: [{ name: 'v', secret: {} }] }, 'spec.volumes[0].secret.secretName: Required value'],
    [{ containers: [ctr()], volumes: [{ name: 'v', hostPath: { path: '/a/../b' } }] }, `spec.volumes[0].hostPath.path: Invalid value: "/a/../b": must not contain '..'`],
    [
      { containers: [ctr({ resources: { limits: { cpu: '1' }, requests: { cpu: '2' } } })] },
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ],
    [{ containers: [ctr({ resources: { requests: { cpu: '-1' } } })] }, 'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
    [{ containers: [ctr({ resources: { requests: { pods: '1' } } })] }, 'spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers'],
    [
      { containers: [ctr({ resources: { limits: { gpu: '1' } } })] },
      // The request defaulted from the limit is reported too, as on a real apiserver.
      '[spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified, spec.containers[0].resources.limits[gpu]: Invalid value: "gpu": must be a standard resource for containers, spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified, spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers]',
    ],
    [
      { containers: [ctr({ resources: { requests: { 'example.com/gpu': '1' } } })] },
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ],
    [{ containers: [ctr({ livenessProbe: { exec: { command: ['true'] }, successThreshold: 2 } })] }, 'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1'],
    [{ containers: [ctr({ readinessProbe: { periodSeconds: 5 } })] }, 'spec.containers[0].readinessProbe: Required value: must specify a handler type'],
    [
      { containers: [ctr()], initContainers: [ctr({ name: 'init', readinessProbe: { exec: { command: ['true'] } } })] },
      'spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always',
    ],
    [{ containers: [ctr()], initContainers: [ctr({ name: 'init', restartPolicy: 'Never' })] }, 'spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    [{ containers: [ctr()], initContainers: [ctr()] }, 'spec.initContainers[0].name: Duplicate value: "c"'],
    [{ containers: [ctr({ restartPolicy: 'Always' })] }, 'spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers'],
    [{ containers: [ctr()], activeDeadlineSeconds: 0 }, 'spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
    [{ containers: [ctr()], tolerations: [{ operator: 'Equal', value: 'bar' }] }, 'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"'],
    [
      { containers: [ctr()], tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 10 }] },
      `spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
    ],
    [{ containers: [ctr()], tolerations: [{ key: 'k', operator: 'In' }] }, 'spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"'],
    [
      { containers: [ctr()], affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } },
      'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term',
    ],
    [
      { containers: [ctr()], affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, podAffinityTerm: { topologyKey: 'zone' } }] } } },
      'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100',
    ],
    [{ containers: [ctr({ env: [{ name: '1BAD' }] })] }, `spec.containers[0].env[0].name: Invalid value: "1BAD": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`],
    [{ containers: [ctr({ env: [{ name: 'A', valueFrom: {} }] })] }, 'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'],
    [{ containers: [ctr({ env: [{ name: '' }] })] }, 'spec.containers[0].env[0].name: Required value'],
    [
      { containers: [ctr({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'a b' } } }] })] },
      `spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ],
    [
      { containers: [ctr({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.restartPolicy' } } }] })] },
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.restartPolicy": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
    ],
    [{ containers: [ctr({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } }] })] }, 'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus'],
    [{ containers: [ctr({ env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }] })] }, ''],
    [
      { containers: [ctr({ env: [{ name: 'A', valueFrom: { resourceFieldRef: { resource: 'limits.gpu' } } }] })] },
      'spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
    ],
    [{ containers: [ctr({ envFrom: [{ prefix: 'P_' }] })] }, 'spec.containers[0].envFrom: Invalid value: "": must specify one of: `configMapRef` or `secretRef`'],
    [{ containers: [ctr({ securityContext: { runAsUser: -1 } })] }, 'spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive'],
    [{ containers: [ctr({ securityContext: { seccompProfile: { type: 'Localhost' } } })] }, 'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost'],
    [{ containers: [ctr()], securityContext: { seccompProfile: {} } }, 'spec.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set'],
    [{ containers: [ctr({ securityContext: { procMount: 'Unmasked' } })] }, 'spec.containers[0].securityContext.procMount: Invalid value: "Unmasked": `hostUsers` must be false to use `Unmasked`'],
    [
      { containers: [ctr()], securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '0' }, { name: 'kernel.shm_rmid_forced', value: '1' }] } },
      'spec.securityContext.sysctls[1].name: Duplicate value: "kernel.shm_rmid_forced"',
    ],
    [{ containers: [ctr()], dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1', 'dns.example'] } }, 'spec.dnsConfig.nameservers[1]: Invalid value: "dns.example": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
    [{ containers: [ctr()], hostAliases: [{ ip: '10.0.0.1', hostnames: ['Foo'] }] }, `spec.hostAliases[0].hostnames[0]: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
    [
      { containers: [ctr()], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 0, labelSelector: {} }] },
      '[spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero, spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway]',
    ],
    [
      { containers: [ctr()], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', nodeTaintsPolicy: 'Maybe', labelSelector: {} }] },
      'spec.topologySpreadConstraints[0].nodeTaintsPolicy: Unsupported value: "Maybe": supported values: "Honor", "Ignore"',
    ],
    [
      { containers: [ctr()], volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'node', fieldRef: { fieldPath: 'spec.nodeName' } }] } }] },
      'spec.volumes[0].downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"',
    ],
    [{ containers: [ctr()], volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'x' }] } }] }, 'spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required'],
    [{ containers: [ctr()], volumes: [{ name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }] }, ''],
    [
      { containers: [ctr()], serviceAccountName: 'sa', volumes: [{ name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 60 } }] } }] },
      'spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ],
    [
      { containers: [ctr()], volumes: [{ name: 'p', projected: { sources: [{ configMap: { name: 'a', items: [{ key: 'k', path: 'f' }] } }, { secret: { name: 's', items: [{ key: 'k', path: 'f' }] } }] } }] },
      'spec.volumes[0].projected: Invalid value: "s": conflicting duplicate paths',
    ],
    [{ containers: [ctr()], volumes: [{ name: 'p', projected: { sources: [{ configMap: { name: 'a' }, secret: { name: 's' } }] } }] }, 'spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source'],
    [{ containers: [ctr({ image: ' nginx' })] }, 'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace'],
    [{ containers: [ctr()], nodeName: 'Node_1' }, `spec.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
    [{ containers: [ctr()], dnsPolicy: 'None' }, 'spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
    [{ containers: [ctr()], hostNetwork: true, hostUsers: false }, 'spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false'],
  ];
  for (const [spec, want] of cases) t.is(errorsOf(spec), want, want);
});

test('validate: allowPrivilegeEscalation false contradicts privileged (reported on the whole securityContext)', (t) => {
  const e = pods.validate(pod({ containers: [ctr({ securityContext: { allowPrivilegeEscalation: false, privileged: true } })] }), ctx);
  t.deepEqual(e.map((x) => [x.field, x.detail]), [['spec.containers[0].securityContext', 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true']]);
});

test('validate: several errors come in Kubernetes order', (t) => {
  const got = errorsOf({ containers: [ctr({ image: '', name: '' })], restartPolicy: 'x' });
  t.is(got, '[spec.containers[0].name: Required value, spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "x": supported values: "Always", "OnFailure", "Never"]');
});

test('validate: sidecar init containers may have probes', (t) => {
  t.deepEqual(pods.validate(pod({ containers: [ctr()], initContainers: [ctr({ name: 'proxy', restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 80 } } })] }), ctx), []);
});

test('prepareForCreate: Pending with the QoS class; scheduling gates add the PodScheduled condition', (t) => {
  const p = pod({ containers: [ctr({ resources: { limits: { cpu: '1', memory: '1Gi' } } })], schedulingGates: [{ name: 'example.com/gate' }] });
  p.status = { phase: 'Running' };
  pods.prepareForCreate(p, ctx);
  t.deepEqual(p.status, {
    phase: 'Pending',
    qosClass: 'Guaranteed',
    conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }],
  });
  t.is(p.metadata.generation, undefined);
});

test('QoS classes (qos_test.go facts)', (t) => {
  t.is(podQOSClass({ containers: [{}] }), 'BestEffort');
  t.is(podQOSClass({ containers: [{ resources: { requests: { cpu: '100m' } } }] }), 'Burstable');
  t.is(podQOSClass({ containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }] }), 'Guaranteed');
  t.is(podQOSClass({ containers: [{ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } } }] }), 'Burstable');
  t.is(podQOSClass({ containers: [{ resources: { limits: { cpu: '1' } } }] }), 'Burstable');
});
