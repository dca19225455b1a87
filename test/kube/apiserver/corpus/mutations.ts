// One defect at a time: each mutation takes a valid object and breaks one rule the apiserver
// enforces, or says it does not apply to that object. Every mutated object must be refused with
// a field path, and nothing stored.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';

type J = Record<string, unknown>;
export type Mutation = { readonly name: string; readonly apply: (o: KubeObject) => KubeObject | undefined };

const at = (o: unknown, path: readonly string[]): J | undefined => {
  let v: unknown = o;
  for (const p of path) v = v && typeof v === 'object' ? (v as J)[p] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : undefined;
};
const copy = (o: KubeObject): KubeObject => structuredClone(o);

/**
 * The pod spec of a kind that has one (a Pod's own, or its template's, or a CronJob's job
 * template's). A StatefulSet's is left out: Kubernetes does not validate its template's pod spec
 * (ValidatePodTemplateSpecForStatefulSet checks labels and the restart policy only).
 */
function podSpec(o: KubeObject): J | undefined {
  if (o.kind === 'StatefulSet') return undefined;
  if (o.kind === 'Pod') return at(o, ['spec']);
  if (o.kind === 'CronJob') return at(o, ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
  return at(o, ['spec', 'template', 'spec']);
}
const firstContainer = (o: KubeObject): J | undefined => (podSpec(o)?.containers as J[] | undefined)?.[0];

const meta = (name: string, change: (m: J) => void): Mutation => ({
  name,
  apply: (o) => {
    const c = copy(o);
    change(c.metadata as J);
    return c;
  },
});
const onPod = (name: string, change: (spec: J) => void): Mutation => ({
  name,
  apply: (o) => {
    const c = copy(o);
    const spec = podSpec(c);
    if (spec === undefined) return undefined;
    change(spec);
    return c;
  },
});
const onContainer = (name: string, change: (ct: J) => void): Mutation => ({
  name,
  apply: (o) => {
    const c = copy(o);
    const ct = firstContainer(c);
    if (ct === undefined) return undefined;
    change(ct);
    return c;
  },
});
const onSpec = (name: string, kinds: readonly string[], change: (spec: J) => void): Mutation => ({
  name,
  apply: (o) => {
    if (!kinds.includes(o.kind)) return undefined;
    const c = copy(o);
    change(c.spec as J);
    return c;
  },
});

export const MUTATIONS: readonly Mutation[] = [
  meta('uppercase name', (m) => (m.name = 'Bad-Name')),
  meta('name with an underscore', (m) => (m.name = 'bad_name')),
  meta('name too long', (m) => (m.name = 'x'.repeat(254))),
  meta('name starting with a dash', (m) => (m.name = '-bad')),
  meta('label key with two slashes', (m) => (m.labels = { ...(m.labels as J), 'a/b/c': 'x' })),
  meta('label value with a space', (m) => (m.labels = { ...(m.labels as J), tier: 'front end' })),
  meta('label value too long', (m) => (m.labels = { ...(m.labels as J), tier: 'v'.repeat(64) })),
  meta('annotation key invalid', (m) => (m.annotations = { 'bad key!': 'x' })),
  meta('finalizer not qualified', (m) => (m.finalizers = ['not/a/finalizer/name'])),
  meta('owner reference without uid', (m) => (m.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: '' }])),
  meta('two controller owner references', (m) => (m.ownerReferences = [1, 2].map((i) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: `x${i}`, uid: `u${i}`, controller: true })))),
  onContainer('container without image', (ct) => delete ct.image),
  onContainer('container name uppercase', (ct) => (ct.name = 'Nginx')),
  onContainer('container port 0', (ct) => (ct.ports = [{ containerPort: 0 }])),
  onContainer('container port 70000', (ct) => (ct.ports = [{ containerPort: 70000 }])),
  onContainer('port protocol unknown', (ct) => (ct.ports = [{ containerPort: 80, protocol: 'ICMP' }])),
  onContainer('port name too long', (ct) => (ct.ports = [{ containerPort: 80, name: 'a-very-long-port-name' }])),
  onContainer('imagePullPolicy unknown', (ct) => (ct.imagePullPolicy = 'Sometimes')),
  onContainer('cpu request above limit', (ct) => (ct.resources = { requests: { cpu: '2' }, limits: { cpu: '1' } })),
  // (A malformed quantity is refused while decoding, with Kubernetes' message, which names no field.)
  onContainer('memory limit of zero below its request', (ct) => (ct.resources = { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } })),
  onContainer('negative liveness period', (ct) => (ct.livenessProbe = { exec: { command: ['true'] }, periodSeconds: -1 })),
  onContainer('probe without a handler', (ct) => (ct.readinessProbe = { periodSeconds: 5 })),
  onContainer('env var without a name', (ct) => (ct.env = [{ value: 'x' }])),
  onContainer('volume mount of no volume', (ct) => (ct.volumeMounts = [{ name: 'missing', mountPath: '/data' }])),
  onPod('restartPolicy unknown', (spec) => (spec.restartPolicy = 'Sometimes')),
  onPod('dnsPolicy unknown', (spec) => (spec.dnsPolicy = 'Elsewhere')),
  onPod('two containers with one name', (spec) => (spec.containers = [...(spec.containers as J[]), { ...(spec.containers as J[])[0] }])),
  onPod('no containers', (spec) => (spec.containers = [])),
  // (A negative terminationGracePeriodSeconds is not refused: the pod strategy makes it 1.)
  onPod('negative activeDeadlineSeconds', (spec) => (spec.activeDeadlineSeconds = -5)),
  onPod('toleration operator unknown', (spec) => (spec.tolerations = [{ key: 'k', operator: 'Maybe' }])),
  onPod('volume with two sources', (spec) => (spec.volumes = [{ name: 'v', emptyDir: {}, hostPath: { path: '/tmp' } }])),
  onPod('two volumes with one name', (spec) => (spec.volumes = [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }])),
  onSpec('negative replicas', ['Deployment', 'ReplicaSet', 'StatefulSet'], (spec) => (spec.replicas = -1)),
  onSpec('selector does not match template', ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'], (spec) => (spec.selector = { matchLabels: { other: 'x' } })),
  onSpec('empty selector', ['Deployment', 'ReplicaSet', 'DaemonSet'], (spec) => (spec.selector = {})),
  onSpec('selector operator unknown', ['Deployment', 'ReplicaSet'], (spec) => (spec.selector = { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] })),
  onSpec('maxUnavailable above 100%', ['Deployment'], (spec) => (spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } })),
  onSpec('strategy type unknown', ['Deployment'], (spec) => (spec.strategy = { type: 'Sideways' })),
  onSpec('template restartPolicy Never', ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'], (spec) => ((at(spec, ['template', 'spec']) as J).restartPolicy = 'Never')),
  onSpec('negative revisionHistoryLimit', ['Deployment', 'DaemonSet'], (spec) => (spec.revisionHistoryLimit = -1)),
  onSpec('podManagementPolicy unknown', ['StatefulSet'], (spec) => (spec.podManagementPolicy = 'Whenever')),
  onSpec('negative backoffLimit', ['Job'], (spec) => (spec.backoffLimit = -1)),
  onSpec('job restartPolicy Always', ['Job'], (spec) => ((at(spec, ['template', 'spec']) as J).restartPolicy = 'Always')),
  onSpec('negative parallelism', ['Job'], (spec) => (spec.parallelism = -2)),
  onSpec('schedule unparsable', ['CronJob'], (spec) => (spec.schedule = 'every minute')),
  onSpec('concurrencyPolicy unknown', ['CronJob'], (spec) => (spec.concurrencyPolicy = 'Sometimes')),
  onSpec('service port 0', ['Service'], (spec) => (spec.ports = [{ port: 0 }])),
  onSpec('service port 65536', ['Service'], (spec) => (spec.ports = [{ port: 65536 }])),
  onSpec('service type unknown', ['Service'], (spec) => (spec.type = 'Everywhere')),
  onSpec('service clusterIP malformed', ['Service'], (spec) => (spec.clusterIP = '10.96.0.300')),
  onSpec('two unnamed service ports', ['Service'], (spec) => (spec.ports = [{ port: 80 }, { port: 81 }])),
  onSpec('sessionAffinity unknown', ['Service'], (spec) => (spec.sessionAffinity = 'Sticky')),
  // (A Secret value that is not base64 is refused while decoding, naming no field.)
  {
    name: 'config key with a slash',
    apply: (o) => (o.kind === 'ConfigMap' || o.kind === 'Secret' ? { ...copy(o), data: { 'a/b': o.kind === 'Secret' ? 'eA==' : 'x' } } : undefined),
  },
  { name: 'config key empty', apply: (o) => (o.kind === 'ConfigMap' || o.kind === 'Secret' ? { ...copy(o), data: { '': 'eA==' } } : undefined) },
  { name: 'unknown field', apply: (o) => ({ ...copy(o), spex: {} }) },
];
