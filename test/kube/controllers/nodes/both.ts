// The node lifecycle and taint eviction controllers in one loop, as the manager runs them side
// by side: taint-eviction keys are prefixed 'te:' so the two key spaces stay apart.

import { ControllerLoop } from '../loop.ts';
import { lifecycleKeys, lifecycleReconcile, lifecycleWritten, NODE_LIFECYCLE_INFORMERS } from '../../../../actors/kube-controller-manager/nodelifecycle/controller.ts';
import { defaultLifecycleConfig, lifecycleMemory, type LifecycleConfig, type LifecycleMemory } from '../../../../actors/kube-controller-manager/nodelifecycle/config.ts';
import { reconcileTaintEviction, taintEvictionMemory, type TaintEvictionMemory } from '../../../../actors/kube-controller-manager/nodelifecycle/taint-eviction.ts';
import { taintEvictionKeys } from '../../../../actors/kube-controller-manager/nodelifecycle/taint-eviction-controller.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';

const TE = 'te:';
export type Both = { lc: LifecycleMemory; te: TaintEvictionMemory };

export function bothLoop(overrides: Partial<LifecycleConfig> = {}) {
  const cfg = { ...defaultLifecycleConfig(DEFAULT_EPOCH_MS), ...overrides };
  return new ControllerLoop<Both>({
    informers: NODE_LIFECYCLE_INFORMERS,
    keysFor: (inf, n, l, m) => [...lifecycleKeys(inf, n), ...(inf === 'leases' ? [] : taintEvictionKeys(inf, n, l).map((k) => TE + k))],
    reconcile: (k, l, now, m) => (k.startsWith(TE) ? reconcileTaintEviction(k.slice(TE.length), l, now, m.te, DEFAULT_EPOCH_MS) : lifecycleReconcile(k, l, now, m.lc, cfg)),
    memory: () => ({ lc: lifecycleMemory(), te: taintEvictionMemory() }),
    written: (k, call, result, m) => lifecycleWritten(k, call, result, m.lc),
  });
}
