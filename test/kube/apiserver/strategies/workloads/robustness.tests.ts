// Manifests reach the strategies unchecked: a string where a list belongs, a number for a map.
// Whatever the shape, every strategy answers with errors, never an exception. Each run takes a
// rich valid manifest of the kind and puts junk at a few of its paths.

import test from 'ava';
import fc from 'fast-check';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { WORKLOAD_STRATEGIES, toScale } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

const podSpec = {
  containers: [
    {
      name: 'c',
      image: 'nginx',
      ports: [{ name: 'http', containerPort: 80, protocol: 'TCP', hostPort: 8080 }],
      env: [{ name: 'A', value: 'b' }, { name: 'B', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }, { name: 'C', valueFrom: { configMapKeyRef: { name: 'x', key: 'y' } } }],
      envFrom: [{ configMapRef: { name: 'x' } }],
      resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } },
      volumeMounts: [{ name: 'v', mountPath: '/v', subPath: 'a', mountPropagation: 'None' }],
      livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
      readinessProbe: { exec: { command: ['true'] } },
      lifecycle: { preStop: { sleep: { seconds: 5 } }, postStart: { tcpSocket: { port: 'http' } } },
      securityContext: { privileged: false },
    },
  ],
  initContainers: [{ name: 'i', image: 'busybox', restartPolicy: 'Always', startupProbe: { grpc: { port: 9000 } } }],
  volumes: [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }, { name: 's', secret: { secretName: 's', items: [{ key: 'k', path: 'p', mode: 0o400 }] } }, { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }],
  tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
  affinity: {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'z', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n'] }] }] } },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { topologyKey: 'zone', labelSelector: { matchLabels: { a: 'b' } } } }] },
  },
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2 }],
  dnsPolicy: 'None',
  dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.b'], options: [{ name: 'ndots' }] },
  securityContext: { runAsUser: 1, supplementalGroups: [1] },
  schedulingGates: [{ name: 'g' }],
  readinessGates: [{ conditionType: 'x' }],
  imagePullSecrets: [{ name: 'r' }],
  nodeSelector: { a: 'b' },
  os: { name: 'linux' },
  serviceAccountName: 'sa',
};
const template = { metadata: { labels: { app: 'x' }, annotations: { a: 'b' } }, spec: podSpec };
const selector = { matchLabels: { app: 'x' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] };

const SAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  '/pods': { spec: podSpec, status: { phase: 'Running', qosClass: 'Burstable', containerStatuses: [{ name: 'c', state: { terminated: { exitCode: 0 } } }], podIPs: [{ ip: '10.0.0.1' }] } },
  'apps/deployments': { spec: { replicas: 2, selector, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } }, progressDeadlineSeconds: 600, minReadySeconds: 1 }, status: { replicas: 1, collisionCount: 1 } },
  'apps/replicasets': { spec: { replicas: 2, selector, template }, status: { replicas: 1 } },
  'apps/daemonsets': { spec: { selector, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } }, status: { numberReady: 1 } },
  'apps/statefulsets': {
    spec: { replicas: 2, selector, template, serviceName: 's', ordinals: { start: 1 }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: 1 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete' }, volumeClaimTemplates: [{ metadata: { name: 'd' }, spec: { resources: { requests: { storage: '1Gi' } } } }] },
    status: { replicas: 1 },
  },
  'batch/jobs': { spec: { completions: 3, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 1, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } }, status: { active: 1, startTime: 'x' } },
  'batch/cronjobs': { spec: { schedule: '*/5 * * * *', timeZone: 'Europe/Paris', jobTemplate: { spec: { template: { spec: { ...podSpec, restartPolicy: 'OnFailure' } } } } } },
  'autoscaling/horizontalpodautoscalers': {
    spec: {
      scaleTargetRef: { kind: 'Deployment', name: 'x' },
      minReplicas: 1,
      maxReplicas: 3,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }, { type: 'External', external: { metric: { name: 'q', selector }, target: { type: 'Value', value: '1' } } }],
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, scaleDown: { selectPolicy: 'Min' } },
    },
  },
  'policy/poddisruptionbudgets': { spec: { minAvailable: '50%', selector, unhealthyPodEvictionPolicy: 'AlwaysAllow' }, status: { currentHealthy: 1 } },
};

type Path = (string | number)[];
function paths(v: unknown, at: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [at];
  const here: Path[] = at.length > 0 ? [at] : [];
  return [...here, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, Array.isArray(v) ? Number(k) : k]))];
}
function put(root: Record<string, unknown>, path: Path, value: unknown): void {
  let o: any = root;
  for (const k of path.slice(0, -1)) o = o[k];
  o[path[path.length - 1]!] = value;
}

const junk = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -5, max: 70000 }), fc.string({ maxLength: 4 }), fc.constant('x'), fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 2 }), fc.constant({}), fc.constant([{}]));

test('property: defaults, prepare and validation never throw, whatever junk the manifest holds', (t) => {
  for (const [key, s] of Object.entries(WORKLOAD_STRATEGIES)) {
    const sample = SAMPLES[key]!;
    const all = paths(sample);
    t.true(all.length > 5, key);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), junk), { minLength: 1, maxLength: 3 }), (edits) => {
        const make = (): KubeObject => {
          const body = structuredClone(sample);
          for (const [i, v] of edits) {
            try {
              put(body, all[i]!, structuredClone(v));
            } catch {
              // an earlier edit removed this path's parent
            }
          }
          return s.defaults({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x', namespace: 'default', uid: 'u' }, ...body });
        };
        const obj = make();
        s.prepareForCreate(obj, ctx);
        s.validate(obj, ctx);
        const next = make();
        s.prepareForUpdate(next, obj, ctx);
        s.validateUpdate(next, obj, ctx);
        if (s.status !== undefined) {
          const st = make();
          s.status.prepareForUpdate(st, obj, ctx);
          s.status.validateUpdate(st, obj, ctx);
        }
        s.warnings?.(obj);
        s.warnings?.(next, obj);
        s.gracePeriod?.(obj, undefined);
        s.selectableFields?.(obj);
        if (key.startsWith('apps/')) toScale(obj);
      }),
      { numRuns: 300, reporter: (r) => { if (r.failed) throw new Error(`${key}: ${String(r.errorInstance)} ${JSON.stringify(r.counterexample)}`); } },
    );
  }
});

test('the samples themselves are valid (so junk is what the property exercises)', (t) => {
  for (const [key, s] of Object.entries(WORKLOAD_STRATEGIES)) {
    const obj = s.defaults({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x', namespace: 'default', uid: 'u' }, ...structuredClone(SAMPLES[key]!) });
    s.prepareForCreate(obj, ctx);
    t.deepEqual(s.validate(obj, ctx), [], key);
  }
});
