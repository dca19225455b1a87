// What the registry works out once and keeps: the request's time formatted once per virtual
// second (nowText is rfc3339, for times that repeat, move on within a second or past it, and go back), and a built-in
// kind's field manager context once per resource and subresource (the same context, at any time).

import test from 'ava';
import fc from 'fast-check';
import { nowText } from '../../../actors/kube-apiserver/registry/now.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { fieldManagerContext } from '../../../actors/kube-apiserver/registry/managed-fields.ts';
import { resourceFor } from '../../../protocols/kube/resources.ts';
import { kindSchema } from '../../../actors/kube-apiserver/patch/apply/kind-schema.ts';
import { ZERO_OBJECTS } from '../../../actors/kube-apiserver/patch/apply/zero-objects.ts';
import { Registry } from './harness.ts';

test('nowText gives rfc3339 of the time it is given, call after call (property)', (t) => {
  const ms = fc.integer({ min: 0, max: 4_102_444_800_000 });
  // Times a few seconds apart, fractions of a millisecond included (network latencies are 0.25 ms).
  const near = fc.double({ min: 1_767_225_598_000, max: 1_767_225_603_000, noNaN: true });
  fc.assert(fc.property(fc.array(fc.oneof(ms, near, fc.constant(1_767_225_600_000)), { maxLength: 20 }), (times) => times.every((m) => nowText(m) === rfc3339(m))));
  t.is(nowText(1_767_225_600_000), '2026-01-01T00:00:00Z');
});

test('fieldManagerContext: a built-in kind gets the same context on every call, with the time of the call', (t) => {
  const reg = new Registry();
  const pods = resourceFor('', 'pods')!;
  const deployments = resourceFor('apps', 'deployments')!;
  const at = (ms: number) => ({ ...reg.env, nowMs: ms });
  for (const [r, sub, reset] of [
    [pods, undefined, [['status']]],
    [pods, 'status', [['spec'], ['metadata']]],
    [deployments, 'scale', [['status']]],
    [pods, undefined, [['status']]],
  ] as const) {
    for (const ms of [1_767_225_600_000, 1_767_225_601_000]) {
      const ctx = fieldManagerContext(r, { group: r.group, version: r.version, resource: r.resource, ...(sub ? { subresource: sub } : {}) }, at(ms));
      // A write to the main resource is compared, on create, with the kind's zero object.
      const zero = sub ? {} : { zero: ZERO_OBJECTS[`${r.group === '' ? '/v1' : `${r.group}/v1`}/${r.kind}`] };
      t.deepEqual({ ...ctx, schema: undefined }, { schema: undefined, apiVersion: r.group === '' ? 'v1' : `${r.group}/v1`, kind: r.kind, ...(sub ? { subresource: sub } : {}), now: rfc3339(ms), resetFields: reset, ...zero });
      t.is(ctx.schema.root, kindSchema(r).root);
    }
  }
});
