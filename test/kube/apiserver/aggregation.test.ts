// API aggregation: an APIService with a service makes the apiservers proxy its group/version to
// the server behind it, naming the caller; one whose server is missing answers 503.

import test from 'ava';
import { defineActor, host } from '../../../runtime/index.ts';
import type { ApiResult, ApiserverMsg } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario } from '../../../scenarios/scenario.ts';

/** A stand-in for metrics-server: lists NodeMetrics, saying who asked. */
const metricsServer = defineActor<ApiserverMsg, null>({
  kind: 'metrics-server',
  init: () => null,
  receive: (s, m, ctx) => {
    if (m.type === 'Call') {
      const body = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetricsList', metadata: {}, items: [{ metadata: { name: 'worker-1', annotations: { asker: m.user?.name ?? 'nobody' } }, usage: { cpu: '100m' } }] };
      ctx.send(m.replyTo, { type: 'ApiResponse', id: m.id, result: { ok: true, code: 200, body: body as never } });
    }
    return s;
  },
});

const apiService = (backend?: string): KubeObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: 'v1beta1.metrics.k8s.io', ...(backend ? { annotations: { 'sim.kybernetes.io/backend': backend } } : {}) },
  spec: { group: 'metrics.k8s.io', version: 'v1beta1', service: { namespace: 'kube-system', name: 'metrics-server' }, groupPriorityMinimum: 100, versionPriority: 100 },
});

test('an APIService routes its group/version to its server; without one the answer is 503', async (t) => {
  const seen: Record<string, ApiResult> = {};
  const nodes = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' };
  const run = await runScenario(
    defineScenario({
      name: 'aggregation',
      description: '',
      setup: (s) => {
        s.cluster({ workers: 0 });
        s.spawn(host({ children: [{ id: 'metrics-server', actor: metricsServer }] }), { name: 'metrics-1', restart: 'permanent' });
      },
      script: async (s) => {
        await s.advance('3s');
        seen.before = await s.kube.call({ verb: 'list', target: nodes });
        await s.kube.create(apiService());
        await s.advance('100ms');
        seen.missing = await s.kube.call({ verb: 'list', target: nodes });
        await s.kube.delete('apiservices', 'v1beta1.metrics.k8s.io');
        await s.kube.create(apiService('/metrics-1/metrics-server'));
        await s.advance('100ms');
        seen.proxied = await s.kube.call({ verb: 'list', target: nodes });
        seen.badName = await s.kube.call({ verb: 'create', target: { group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' }, body: { ...apiService(), metadata: { name: 'metrics' } } });
      },
    }),
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.like(seen.before, { ok: false, code: 404 });
  t.like(seen.missing, { ok: false, code: 503, body: { reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' } });
  t.like(seen.proxied, { ok: true, code: 200, body: { kind: 'NodeMetricsList', items: [{ metadata: { name: 'worker-1', annotations: { asker: 'kubernetes-admin' } } }] } });
  t.like(seen.badName, { ok: false, code: 422 });
  t.regex((seen.badName!.body as { message: string }).message, /metadata.name: Invalid value: "metrics": must be `spec.version\+"\."\+spec.group`/);
});
