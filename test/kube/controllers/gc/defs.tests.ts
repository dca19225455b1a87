import test from 'ava';
import type { ControllerContext } from '../../../../actors/kube-controller-manager/context.ts';
import { garbageCollector } from '../../../../actors/kube-controller-manager/garbagecollector/controller.ts';
import { namespaceController } from '../../../../actors/kube-controller-manager/namespace/controller.ts';
import { resourceQuotaController } from '../../../../actors/kube-controller-manager/resourcequota/controller.ts';
import { disruptionController } from '../../../../actors/kube-controller-manager/disruption/controller.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';

const ctx: ControllerContext = {
  client: (name) => ({ hosts: ['cp'], token: `token-of-${name}` }),
  epochMs: DEFAULT_EPOCH_MS,
  clusterCIDRs: ['10.244.0.0/16'],
  serviceCIDRs: ['10.96.0.0/12'],
  nodeCIDRMaskSizes: { ipv4: 24, ipv6: 64 },
  rootCA: 'CA',
};

test('gc part: each ControllerDef is named for its service account and writes with its own token, without leader election of its own', (t) => {
  const defs = [garbageCollector, namespaceController, resourceQuotaController, disruptionController];
  t.deepEqual(defs.map((d) => d.name), ['generic-garbage-collector', 'namespace-controller', 'resourcequota-controller', 'disruption-controller']);
  for (const d of defs) {
    const spec = d.spec(ctx);
    t.is(spec.client.token, `token-of-${d.name}`);
    t.is(spec.component, d.name);
    t.is(spec.leaderElection, undefined);
    t.true(spec.informers.length > 0);
    t.is(new Set(spec.informers.map((i) => i.name)).size, spec.informers.length, `${d.name}: informer names are unique`);
  }
  const gcInformers = garbageCollector.spec(ctx).informers.map((i) => i.name);
  for (const r of ['pods', 'replicasets.apps', 'deployments.apps', 'daemonsets.apps', 'statefulsets.apps', 'jobs.batch', 'cronjobs.batch', 'services', 'endpointslices.discovery.k8s.io', 'endpoints', 'configmaps', 'secrets', 'persistentvolumeclaims', 'controllerrevisions.apps', 'leases.coordination.k8s.io', 'nodes']) {
    t.true(gcInformers.includes(r), r);
  }
  t.false(gcInformers.includes('events'));
});
