// pods/binding and pods/eviction, with the wording of BindingREST and EvictionREST.

import test from 'ava';
import type { Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { Registry } from './harness.ts';

const pods: Target = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
  ...extra,
});
const bindTo = (reg: Registry, name: string, node: string) =>
  reg.run({ verb: 'create', target: { ...pods, name, subresource: 'binding' }, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } } as unknown as KubeObject });
const getPod = (reg: Registry, name: string) => reg.run({ verb: 'get', target: { ...pods, name } });

test('binding assigns the node once and marks the pod scheduled', (t) => {
  const reg = new Registry();
  reg.run({ verb: 'create', target: pods, body: pod('p') });
  reg.nowMs += 2000;
  const bound = bindTo(reg, 'p', 'worker-1');
  t.like(bound, { ok: true, code: 201, body: { kind: 'Status', status: 'Success', code: 201 } });
  const p = getPod(reg, 'p').body as KubeObject;
  t.is((p.spec as { nodeName: string }).nodeName, 'worker-1');
  t.deepEqual((p.status as { conditions: unknown[] }).conditions, [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:02Z' }]);
  t.like(bindTo(reg, 'p', 'worker-2').body, { code: 409, message: 'Operation cannot be fulfilled on pods/binding "p": pod p is already assigned to node "worker-1"' });
  t.like(bindTo(reg, 'nope', 'worker-2').body, { code: 404, message: 'pods "nope" not found' });
});

const pdb = (allowed: number, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: 'web-pdb', namespace: 'default' },
  spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
  status: { disruptionsAllowed: allowed, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1, observedGeneration: 1 },
  ...extra,
});

function evictionRegistry(budgets: KubeObject[]): Registry {
  const reg = new Registry();
  reg.run({ verb: 'create', target: pods, body: pod('p') });
  const stored = getPod(reg, 'p').body as KubeObject;
  reg.run({ verb: 'update', target: { ...pods, name: 'p', subresource: 'status' }, body: { ...stored, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } } });
  const pdbs: Target = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespace: 'default' };
  for (const b of budgets) {
    const created = reg.run({ verb: 'create', target: pdbs, body: b }).body as KubeObject;
    reg.run({ verb: 'update', target: { ...pdbs, name: b.metadata.name!, subresource: 'status' }, body: { ...created, status: b.status } });
  }
  // The watch cache's view, read straight from the store.
  reg.list = (group, resource, namespace) => (reg.run({ verb: 'list', target: { group, version: 'v1', resource, namespace } }).body as unknown as { items: KubeObject[] }).items;
  return reg;
}
const evictP = (reg: Registry) => reg.run({ verb: 'create', target: { ...pods, name: 'p', subresource: 'eviction' }, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p' } } as unknown as KubeObject });

test('eviction refuses what a budget does not allow, with the budget named', (t) => {
  const reg = evictionRegistry([pdb(0)]);
  const r = evictP(reg);
  t.like(r.body, {
    code: 429,
    reason: 'TooManyRequests',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 1 healthy pods and has 1 currently' }] },
  });
  t.is(getPod(reg, 'p').code, 200);
});

test('eviction takes one allowed disruption from the budget and records the pod', (t) => {
  const reg = evictionRegistry([pdb(1)]);
  reg.nowMs += 7000;
  t.like(evictP(reg), { code: 201, body: { status: 'Success' } });
  t.is(getPod(reg, 'p').code, 404);
  const after = reg.run({ verb: 'get', target: { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', namespace: 'default', name: 'web-pdb' } }).body as KubeObject;
  t.like(after.status as object, { disruptionsAllowed: 0, disruptedPods: { p: '2026-01-01T00:00:07Z' } });
});

test('eviction without a budget deletes the pod; two budgets are refused', (t) => {
  const reg = evictionRegistry([]);
  t.like(evictP(reg), { code: 201, body: { status: 'Success' } });
  t.is(getPod(reg, 'p').code, 404);
  const two = evictionRegistry([pdb(1), { ...pdb(1), metadata: { name: 'other', namespace: 'default' } }]);
  t.like(evictP(two).body, { code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' });
});

test('scale: a Deployment read as a Scale, and scaled through it by update and by patch', (t) => {
  const reg = new Registry();
  const deploys: Target = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
  const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  reg.run({ verb: 'create', target: deploys, body: d as KubeObject });
  const scaleTarget = { ...deploys, name: 'web', subresource: 'scale' };
  const scale = reg.run({ verb: 'get', target: scaleTarget }).body as KubeObject;
  t.like(scale, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' } });
  const up = reg.run({ verb: 'update', target: scaleTarget, body: { ...scale, spec: { replicas: 4 } } });
  t.like(up.body, { kind: 'Scale', spec: { replicas: 4 } });
  t.is(((reg.run({ verb: 'get', target: { ...deploys, name: 'web' } }).body as KubeObject).spec as { replicas: number }).replicas, 4);
  t.like(reg.run({ verb: 'update', target: scaleTarget, body: { ...scale, spec: { replicas: 1 } } }).body, { code: 409 }, 'a stale Scale conflicts');
  t.like(reg.run({ verb: 'patch', target: scaleTarget, patchType: 'merge', patch: '{"spec":{"replicas":6}}' }).body, { kind: 'Scale', spec: { replicas: 6 } });
  t.like(reg.run({ verb: 'patch', target: scaleTarget, patchType: 'merge', patch: '{"spec":{"replicas":-1}}' }).body, {
    code: 422,
    message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
  });
});

test('the legacy bindings resource binds the pod its Binding names; subresources not served yet are a 404 naming them', (t) => {
  const reg = new Registry();
  reg.run({ verb: 'create', target: pods, body: pod('p') });
  const r = reg.run({ verb: 'create', target: { group: '', version: 'v1', resource: 'bindings', namespace: 'default' }, body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p' }, target: { kind: 'Node', name: 'worker-2' } } as unknown as KubeObject });
  t.is(r.code, 201);
  t.is(((getPod(reg, 'p').body as KubeObject).spec as { nodeName: string }).nodeName, 'worker-2');
  t.like(reg.run({ verb: 'get', target: { ...pods, name: 'p', subresource: 'log' } }).body, { code: 404, message: 'the server could not find the requested resource (pods/log is not served yet)' });
});
