// The Service range repair loops run by the replica: at start and every 3 minutes, one read of
// the ranges and the Services at a single revision, the repair core, then a compare-and-swap of
// the rebuilt ranges (a lost race tries again at once, as RetryOnConflict) and the Warning
// Events the pass found, written through the replica's own registry.

import type { TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { storagePrefix } from '../../../protocols/kube/storage-keys.ts';
import { correlate, updateState, type CoreEvent } from '../../client/event-correlator.ts';
import { referenceTo } from '../../client/index.ts';
import { type AllocationEnv, decodeRange, DEFAULT_SERVICE_ALLOCATOR_CONFIG, type RepairEvent, rangeWrite, RANGES_END, RANGES_PREFIX, repairRanges, REPAIR_INTERVAL_MS, ServiceAllocators } from '../allocators/index.ts';
import { handleCall } from '../registry/index.ts';
import { decodeObject } from '../storage/codec.ts';
import { request, runStep } from './etcd.ts';
import type { Shell } from './state.ts';

const SERVICES = `${storagePrefix({ group: '', resource: 'services' })}/`;
const SERVICES_END = `${storagePrefix({ group: '', resource: 'services' })}0`;
const CONFLICT_RETRIES = 5;

/** Runs a pass now and schedules the next. */
export function repairServices(sh: Shell, attempt = 1): void {
  if (attempt === 1) sh.ctx.timers.once('service-repair', REPAIR_INTERVAL_MS, { type: 'RepairServices' });
  const env: AllocationEnv = { config: DEFAULT_SERVICE_ALLOCATOR_CONFIG, pick: sh.env.pick };
  const keys = new ServiceAllocators(env.config, env.pick).ranges().map((r) => r.key);
  // Both ranges at one revision, so a Service and the allocation it was made with are seen together.
  const read = { type: 'txn' as const, compare: [], success: [{ type: 'range' as const, key: RANGES_PREFIX, rangeEnd: RANGES_END }, { type: 'range' as const, key: SERVICES, rangeEnd: SERVICES_END }], failure: [] };
  request(sh, read, (result) => {
    if (!result.ok) return;
    const t = result.response as TxnResponse;
    const kvsOf = (i: number) => (t.responses[i]?.type === 'range' ? t.responses[i].kvs : []);
    const snapshots = keys.map((key) => decodeRange(key, kvsOf(0).find((kv) => kv.key === key)));
    const services = kvsOf(1).map((kv) => decodeObject(kv));
    const pass = repairRanges(snapshots, services, sh.s.repair.leaks, env);
    const write = rangeWrite(snapshots, pass.rebuilt);
    const done = () => {
      sh.s.repair.leaks = pass.leaks;
      for (const e of pass.events) record(sh, e);
    };
    if (write === undefined) return done();
    request(sh, write, (w) => {
      if (!w.ok) return;
      if ((w.response as TxnResponse).succeeded) done();
      else if (attempt < CONFLICT_RETRIES) repairServices(sh, attempt + 1);
    });
  });
}

function record(sh: Shell, e: RepairEvent): void {
  const c = correlate(sh.s.repair.correlator, { component: e.component }, sh.ctx.now(), referenceTo(e.service as KubeObject), 'Warning', e.reason, e.message, sh.env.nowMs - sh.ctx.now());
  if (c.type === 'skip') return;
  const target = { group: '', version: 'v1', resource: 'events', namespace: c.event.metadata.namespace! };
  const call =
    c.type === 'create'
      ? { verb: 'create' as const, target, body: c.event }
      : { verb: 'patch' as const, target: { ...target, name: c.event.metadata.name! }, patchType: 'strategic' as const, patch: c.patch };
  runStep(sh, handleCall(call, sh.env), (r) => {
    if (r.ok) updateState(sh.s.repair.correlator, r.body as CoreEvent);
  });
}
