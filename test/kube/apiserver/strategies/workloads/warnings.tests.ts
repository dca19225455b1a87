import test from 'ava';
import fc from 'fast-check';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';
import { allPodSpecWarnings, podSpecWarnings, quietPodSpec } from '../../../../../actors/kube-apiserver/strategies/workloads/pod-warnings.ts';

const named = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name } });

test('names that are not DNS labels draw the WarningsOnCreate text (kubernetes#114412 facts)', (t) => {
  t.deepEqual(WORKLOAD_STRATEGIES['/pods']!.warnings!(named('a.b')), ["metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"]);
  for (const key of ['apps/deployments', 'apps/replicasets', 'batch/jobs', 'batch/cronjobs']) {
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('contour-certgen-v1.25.0')), ['metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]'], key);
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('web')), [], key);
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('a.b'), named('a.b')), [], `${key}: not on update`);
  }
  t.deepEqual(WORKLOAD_STRATEGIES['apps/daemonsets']!.warnings!(named('a.b')), [], 'DaemonSet names are not pod hostnames');
});

const pod = (spec: Record<string, unknown>, annotations: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations }, spec });

test('pod spec warnings (warningsForPodSpecAndMeta facts)', (t) => {
  const w = WORKLOAD_STRATEGIES['/pods']!.warnings!;
  t.deepEqual(
    w(
      pod(
        {
          nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' },
          terminationGracePeriodSeconds: -1,
          volumes: [{ name: 'g', gitRepo: { repository: 'r' } }],
          imagePullSecrets: [{ name: 'a' }, { name: 'a' }],
          containers: [
            { name: 'c', image: 'i', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }], resources: { requests: { memory: '1500m' } } },
            { name: 'd', image: 'i', ports: [{ containerPort: 80, protocol: 'TCP' }] },
          ],
          affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone' }] } },
        },
        { 'scheduler.alpha.kubernetes.io/critical-pod': '' },
      ),
    ),
    [
      'spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
      'spec.volumes[0].gitRepo: deprecated in v1.11',
      'spec.imagePullSecrets[1].name: duplicate name "a"',
      'spec.containers[0].resources.requests[memory]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.containers[0].env[1]: hides previous definition of "A", which may be dropped when using apply',
      'spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
      'spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod',
    ],
  );
});

test('workload templates warn at their own path, on create and on spec changes only', (t) => {
  const d = WORKLOAD_STRATEGIES['apps/deployments']!.warnings!;
  const deploy = (generation: number): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', generation },
    spec: { template: { metadata: { annotations: {} }, spec: { nodeSelector: { 'failure-domain.beta.kubernetes.io/zone': 'a' }, containers: [] } } },
  });
  const want = ['spec.template.spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead'];
  t.deepEqual(d(deploy(1)), want);
  t.deepEqual(d(deploy(2), deploy(1)), want);
  t.deepEqual(d(deploy(1), deploy(1)), [], 'a scale or status-only change draws none');
  const cj = WORKLOAD_STRATEGIES['batch/cronjobs']!.warnings!;
  t.deepEqual(cj({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { terminationGracePeriodSeconds: -5 } } } } } }), [
    'spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
  ]);
});

// The quiet check in front of the full one: whenever it says a spec draws nothing, the full check
// draws nothing, over specs near every warning's trigger.
const maybe = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: a, weight: 1 });
const word = fc.constantFrom('a', 'b', '', 'beta.kubernetes.io/os', 'kubernetes.io/os', 'constructor');
const quantity = fc.constantFrom('1Gi', '1500m', '0.5', 3, '');
const container = fc.record(
  {
    name: word,
    resources: fc.option(fc.record({ limits: fc.dictionary(fc.constantFrom('memory', 'cpu', 'ephemeral-storage'), quantity, { maxKeys: 1 }), requests: fc.dictionary(fc.constantFrom('memory', 'cpu'), quantity, { maxKeys: 1 }) }, { requiredKeys: [] }), { nil: undefined }),
    env: maybe(fc.array(fc.record({ name: word, value: maybe(fc.constantFrom('1', '$(a)', 'x$(a)')) }, { requiredKeys: ['name'] }), { maxLength: 3 })),
    ports: maybe(fc.array(fc.record({ containerPort: maybe(fc.constantFrom(80, 443)), protocol: maybe(fc.constantFrom('TCP', 'UDP')), hostPort: maybe(fc.constantFrom(80, 8080)) }, { requiredKeys: [] }), { maxLength: 2 })),
    securityContext: maybe(fc.record({ seccompProfile: fc.constant({ type: 'RuntimeDefault' }) })),
  },
  { requiredKeys: ['name'] },
);
const specArb = fc.record(
  {
    nodeSelector: maybe(fc.dictionary(word, word, { maxKeys: 2 })),
    affinity: maybe(fc.constantFrom({}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{}] } })),
    topologySpreadConstraints: maybe(fc.constantFrom([], [{ topologyKey: 'failure-domain.beta.kubernetes.io/zone' }])),
    volumes: maybe(fc.array(fc.record({ name: word, gitRepo: maybe(fc.constant({})), emptyDir: maybe(fc.constant({})), cephfs: maybe(fc.constant(null)) }, { requiredKeys: ['name'] }), { maxLength: 2 })),
    hostAliases: maybe(fc.array(fc.record({ ip: fc.constantFrom('1.1.1.1', '2.2.2.2') }), { maxLength: 3 })),
    imagePullSecrets: maybe(fc.array(fc.record({ name: word }), { maxLength: 2 })),
    terminationGracePeriodSeconds: maybe(fc.constantFrom(-1, 0, 30)),
    initContainers: maybe(fc.array(container, { maxLength: 1 })),
    containers: fc.array(fc.oneof(container, fc.constant(null)), { maxLength: 3 }),
  },
  { requiredKeys: ['containers'] },
);
const annotationsArb = maybe(fc.dictionary(fc.constantFrom('x', 'scheduler.alpha.kubernetes.io/critical-pod', 'seccomp.security.alpha.kubernetes.io/pod', 'container.seccomp.security.alpha.kubernetes.io/a'), fc.constant('')));

test('a spec said to be quiet draws no warning in full; pod spec warnings are the full ones (property)', (t) => {
  let quiet = 0;
  let loud = 0;
  fc.assert(
    fc.property(specArb, annotationsArb, fc.constantFrom('', 'spec.template'), (spec, annotations, at) => {
      const meta = annotations === undefined ? {} : { annotations };
      const full = allPodSpecWarnings(spec, meta, at);
      if (full.length > 0) loud++;
      if (!quietPodSpec(spec, meta)) return JSON.stringify(podSpecWarnings(spec, meta, at)) === JSON.stringify(full);
      quiet++;
      return full.length === 0 && podSpecWarnings(spec, meta, at).length === 0;
    }),
    { numRuns: 400 },
  );
  t.true(quiet > 60 && loud > 60, `${quiet} quiet, ${loud} with warnings`);
});

test("label keys named like Object.prototype's members (constructor, toString) are no deprecated node labels", (t) => {
  const w = WORKLOAD_STRATEGIES['/pods']!.warnings!;
  const spec = {
    nodeSelector: { constructor: 'x', toString: 'y' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'hasOwnProperty', operator: 'Exists' }] }] } } },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'valueOf', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'a' } } }],
    containers: [{ name: 'c', image: 'nginx' }],
  };
  t.deepEqual(w(pod(spec)), []);
});
