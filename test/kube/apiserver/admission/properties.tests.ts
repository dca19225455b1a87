// Properties over large input spaces: the toleration defaults are idempotent and always cover
// both taints; a quota admits exactly the pods that fit and records exactly what they add.

import test from 'ava';
import fc from 'fast-check';
import { defaultTolerationSeconds } from '../../../../actors/kube-apiserver/admission/default-toleration-seconds.ts';
import { resourceQuota } from '../../../../actors/kube-apiserver/admission/resource-quota.ts';
import { isFailure } from '../../../../actors/kube-apiserver/admission/types.ts';
import type { ResourceQuota } from '../../../../protocols/kube/objects.ts';
import { formatQuantity, milliQuantity, normalizeQuantity } from '../../../../protocols/kube/quantity.ts';
import { ctx, pod, podCreate, specOf } from './fixtures.ts';

const toleration = fc.record(
  {
    key: fc.constantFrom('', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'example.com/x'),
    operator: fc.constantFrom('Exists', 'Equal'),
    effect: fc.constantFrom('', 'NoExecute', 'NoSchedule', 'PreferNoSchedule'),
    tolerationSeconds: fc.nat(1000),
  },
  { requiredKeys: ['operator'] },
);

const covers = (t: { key?: string; effect?: string }, key: string) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute');

test('property: tolerations cover not-ready and unreachable afterwards, and a second pass changes nothing', (t) => {
  fc.assert(
    fc.property(fc.array(toleration, { maxLength: 5 }), (tolerations) => {
      const a = podCreate(pod('web', undefined, { tolerations }));
      defaultTolerationSeconds.admit!(a, ctx());
      const once = structuredClone(specOf(a.object).tolerations);
      defaultTolerationSeconds.admit!(a, ctx());
      const after = specOf(a.object).tolerations ?? [];
      const keep = after.slice(0, tolerations.length);
      return (
        JSON.stringify(after) === JSON.stringify(once) &&
        JSON.stringify(keep) === JSON.stringify(tolerations) &&
        ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].every((k) => after.some((x) => covers(x, k)))
      );
    }),
  );
  t.pass();
});

const milli = fc.integer({ min: 0, max: 5000 });

test('property: a quota admits a pod iff it fits, and records used + requested', (t) => {
  fc.assert(
    fc.property(milli, milli, milli, fc.nat(5), fc.nat(5), (hardCpu, usedCpu, reqCpu, hardPods, usedPods) => {
      const fmt = (m: number) => formatQuantity(milliQuantity(m));
      const q: ResourceQuota = {
        apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'default' },
        spec: { hard: { 'requests.cpu': fmt(hardCpu), pods: String(hardPods) } },
        status: { hard: { 'requests.cpu': fmt(hardCpu), pods: String(hardPods) }, used: { 'requests.cpu': fmt(usedCpu), pods: String(usedPods) } },
      };
      const p = pod('web', { c: { requests: { cpu: fmt(reqCpu) } } });
      const v = resourceQuota.validate!(podCreate(p), ctx({ quotas: [q] }));
      // A zero request asks nothing of the quota, so it is not checked against it.
      const fits = (reqCpu === 0 || usedCpu + reqCpu <= hardCpu) && usedPods + 1 <= hardPods;
      if (!fits) return isFailure(v) && v.message.startsWith('pods "web" is forbidden: exceeded quota: q, requested: ');
      if (v === undefined || isFailure(v)) return false;
      const used = v.effects[0]!.used;
      return used['requests.cpu'] === normalizeQuantity(fmt(usedCpu + reqCpu)) && used.pods === String(usedPods + 1);
    }),
  );
  t.pass();
});
