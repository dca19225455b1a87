import test from 'ava';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const named = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'X', metadata: { name } });

test('names that are not DNS labels draw the WarningsOnCreate text (kubernetes#114412 facts)', (t) => {
  t.deepEqual(WORKLOAD_STRATEGIES['/pods']!.warnings!(named('a.b')), ["metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]"]);
  for (const key of ['apps/deployments', 'apps/replicasets', 'batch/jobs', 'batch/cronjobs']) {
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('contour-certgen-v1.25.0')), ['metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]'], key);
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('web')), [], key);
    t.deepEqual(WORKLOAD_STRATEGIES[key]!.warnings!(named('a.b'), named('a.b')), [], `${key}: not on update`);
  }
  t.is(WORKLOAD_STRATEGIES['apps/daemonsets']!.warnings, undefined);
});
