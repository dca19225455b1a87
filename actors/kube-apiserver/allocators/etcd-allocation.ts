// A Service write whose ClusterIPs and NodePorts are taken in etcd's RangeAllocations, so that
// replicas agree (pkg/registry/core/service/allocator/storage's Etcd allocator). The request reads
// the ranges, the registry runs against allocators restored from them, and just before the
// registry's Service write the values taken are committed by compare-and-swap on the ranges' mod
// revisions. A lost race re-reads: if the values are still free they are committed again, else
// the request starts over (dynamic picks re-pick; a requested value now taken fails as
// "already allocated"). Afterwards whatever is committed but not held by what was stored (a failed
// write, a generateName retry) and whatever an update or delete let go is released, again by
// compare-and-swap. Kubernetes commits the allocation before validation and releases it after a
// failure; committing it right before the write hands out the same values and leaves nothing in
// etcd for a request that fails validation.

import type { KeyValue, RangeResponse, StoreCommand, StoreResult, TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { internalError } from '../../../protocols/kube/status.ts';
import { fail, type Step } from '../registry/step.ts';
import { decodeObject } from '../storage/codec.ts';
import type { Allocators } from '../strategies/types.ts';
import { familyOf, type IPFamily } from './ip.ts';
import { decodeRange, encodeRange, RANGES_END, RANGES_PREFIX, type RangeSnapshot } from './range-allocation.ts';
import { type ServiceAllocatorConfig, ServiceAllocators, type ServiceLike, serviceIPs, serviceNodePorts } from './service-allocators.ts';

const SERVICE_KEYS = '/registry/services/specs/';

/** How many lost races a request takes before it answers 500; each loss means another writer won. */
const MAX_ATTEMPTS = 32;

/** Allocators as the Service strategy sees them. */
export type RangeAllocators = Allocators & { readonly families: readonly IPFamily[]; readonly lastError: string | undefined };

export interface AllocationEnv {
  readonly config: ServiceAllocatorConfig;
  readonly pick: (n: number) => number;
}

/** A value a Service holds: `ip:<address>` or `port:<number>`. */
type Value = string;

/**
 * `run` is the registry's handling of one Service request, given allocators (undefined for a
 * delete, which takes nothing). The Step runs it with its allocations kept in etcd.
 */
export function allocatingServiceWrite(run: (allocators: RangeAllocators | undefined) => Step, takes: boolean, env: AllocationEnv): Step {
  if (!takes) return new Flight(run, env, undefined, []).start();
  return attempt(run, env, 1, []);
}

function attempt(run: (allocators: RangeAllocators | undefined) => Step, env: AllocationEnv, n: number, committed: readonly Value[]): Step {
  if (n > MAX_ATTEMPTS) return fail(internalError('failed to allocate Service values: too many conflicting writers'));
  return readRanges(env, (snapshots) => new Flight(run, env, { snapshots, n }, committed).start(), (status) => status);
}

/** Reads every range at one revision: one linearizable range over `/registry/ranges/`. */
export function readRanges(env: AllocationEnv, then: (snapshots: RangeSnapshot[]) => Step, failed: (step: Step) => Step): Step {
  const keys = new ServiceAllocators(env.config, env.pick).ranges().map((r) => r.key);
  return {
    kind: 'etcd',
    command: { type: 'range', key: RANGES_PREFIX, rangeEnd: RANGES_END },
    then: (result) => {
      if (!result.ok) return failed(fail(internalError(`etcdserver: ${result.error.message}`)));
      const kvs = (result.response as RangeResponse).kvs;
      return then(keys.map((key) => decodeRange(key, kvs.find((kv) => kv.key === key))));
    },
  };
}

export function restored(env: AllocationEnv, snapshots: readonly RangeSnapshot[]): ServiceAllocators {
  const a = new ServiceAllocators(env.config, env.pick);
  for (const s of snapshots) a.restoreRange(s.key, s.slots);
  return a;
}

/**
 * The compare-and-swap writing `next`'s ranges that differ from `snapshots`, or undefined when
 * none differs. A range never stored is created only if it still does not exist.
 */
export function rangeWrite(snapshots: readonly RangeSnapshot[], next: ServiceAllocators): Extract<StoreCommand, { type: 'txn' }> | undefined {
  const changed = next.ranges().filter((r) => {
    const was = snapshots.find((s) => s.key === r.key);
    return was === undefined || was.modRevision === 0 || was.range !== r.range || !sameSlots(was.slots, r.slots);
  });
  if (changed.length === 0) return undefined;
  return {
    type: 'txn',
    compare: changed.map((r) => {
      const rev = snapshots.find((s) => s.key === r.key)?.modRevision ?? 0;
      return rev === 0 ? { target: 'CREATE' as const, result: 'EQUAL' as const, key: r.key, createRevision: 0 } : { target: 'MOD' as const, result: 'EQUAL' as const, key: r.key, modRevision: rev };
    }),
    success: changed.map((r) => ({ type: 'put' as const, key: r.key, value: encodeRange(r.range, r.slots) })),
    failure: [],
  };
}

const sameSlots = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Frees `values` in etcd, retrying lost races; gives up quietly after that (repair frees leaks). */
export function releaseValues(values: readonly Value[], env: AllocationEnv, then: () => Step, n = 1): Step {
  if (values.length === 0 || n > MAX_ATTEMPTS) return then();
  return readRanges(env, (snapshots) => {
    const a = restored(env, snapshots);
    for (const v of values) release(a, v);
    const write = rangeWrite(snapshots, a);
    if (write === undefined) return then();
    return { kind: 'etcd', command: write, then: (r) => (r.ok && !(r.response as TxnResponse).succeeded ? releaseValues(values, env, then, n + 1) : then()) };
  }, then);
}

function release(a: ServiceAllocators, v: Value): void {
  if (v.startsWith('ip:')) a.releaseClusterIP(v.slice(3));
  else a.releaseNodePort(Number(v.slice(5)));
}

/** What a Service holds, as values. */
export const heldBy = (svc: KubeObject | undefined): Value[] =>
  svc === undefined ? [] : [...serviceIPs(svc as ServiceLike).map((ip) => `ip:${ip}`), ...serviceNodePorts(svc as ServiceLike).map((p) => `port:${p}`)];

/** One run of the registry's steps, watched: what it allocates, reads and writes of Services. */
class Flight {
  private readonly pending: Value[] = [];
  private readonly committed: Value[];
  /** The ranges as this request sees them, its own takes included. */
  private base: ServiceAllocators | undefined;
  private snapshots: RangeSnapshot[];
  /** Services as last read, and as finally written (null: deleted), by key. */
  private readonly old = new Map<string, KubeObject>();
  private readonly final = new Map<string, KubeObject | null>();

  constructor(
    private readonly run: (allocators: RangeAllocators | undefined) => Step,
    private readonly env: AllocationEnv,
    ranges: { readonly snapshots: RangeSnapshot[]; readonly n: number } | undefined,
    committed: readonly Value[],
  ) {
    this.committed = [...committed];
    this.snapshots = ranges?.snapshots ?? [];
    this.base = ranges === undefined ? undefined : restored(env, ranges.snapshots);
    this.n = ranges?.n ?? 1;
  }

  private readonly n: number;

  start(): Step {
    return this.follow(this.run(this.base === undefined ? undefined : this.allocators(this.base)));
  }

  private allocators(base: ServiceAllocators): RangeAllocators {
    const pending = this.pending;
    const self = this;
    return {
      families: base.families,
      get lastError() {
        return self.base!.lastError;
      },
      clusterIP(family, ip) {
        const got = self.base!.clusterIP(family, ip);
        if (got !== undefined) pending.push(`ip:${got}`);
        return got;
      },
      nodePort(port) {
        const got = self.base!.nodePort(port);
        if (got !== undefined) pending.push(`port:${got}`);
        return got;
      },
    };
  }

  private follow(step: Step): Step {
    if (step.kind === 'done') return this.finish(step);
    if (this.pending.length > 0 && writesService(step.command)) return this.commit(step);
    return { kind: 'etcd', command: step.command, then: (r) => this.follow(step.then(this.observe(step.command, r))) };
  }

  /** Commits the pending values, then lets `step` write. */
  private commit(step: Extract<Step, { kind: 'etcd' }>): Step {
    const write = rangeWrite(this.snapshots, this.base!);
    if (write === undefined) {
      this.committed.push(...this.pending.splice(0));
      return this.follow(step);
    }
    return {
      kind: 'etcd',
      command: write,
      then: (r) => {
        if (!r.ok) return this.finish(fail(internalError(`etcdserver: ${r.error.message}`)));
        const t = r.response as TxnResponse;
        if (t.succeeded) {
          this.committed.push(...this.pending.splice(0));
          this.snapshots = this.base!.ranges().map((x) => ({ ...x, modRevision: write.success!.some((op) => op.type === 'put' && op.key === x.key) ? t.header.revision : (this.snapshots.find((s) => s.key === x.key)?.modRevision ?? 0) }));
          return this.follow(step);
        }
        return this.retake(step);
      },
    };
  }

  /** After a lost race: the pending values on the ranges as they are now, or the request again. */
  private retake(step: Extract<Step, { kind: 'etcd' }>): Step {
    return readRanges(this.env, (snapshots) => {
      const fresh = restored(this.env, snapshots);
      if (this.n < MAX_ATTEMPTS && this.pending.every((v) => take(fresh, v))) {
        this.snapshots = snapshots;
        this.base = fresh;
        return this.commit(step);
      }
      return releaseValues(this.committed, this.env, () => attempt(this.run, this.env, this.n + 1, []));
    }, (failed) => this.finish(failed));
  }

  private observe(command: StoreCommand, result: StoreResult): StoreResult {
    if (!result.ok) return result;
    if (command.type === 'range') this.saw((result.response as RangeResponse).kvs);
    if (command.type === 'txn') {
      const t = result.response as TxnResponse;
      for (const op of t.responses) if (op.type === 'range') this.saw(op.kvs);
      if (t.succeeded) for (const op of command.success ?? []) if (op.type !== 'txn') this.wrote(op, t.header.revision);
    }
    if (command.type === 'put' || command.type === 'deleteRange') this.wrote(command, (result.response as { header: { revision: number } }).header.revision);
    return result;
  }

  private saw(kvs: readonly KeyValue[]): void {
    for (const kv of kvs) if (kv.key.startsWith(SERVICE_KEYS) && kv.value !== '') this.old.set(kv.key, decodeObject(kv));
  }

  private wrote(op: { readonly type: string; readonly key: string; readonly value?: string; readonly rangeEnd?: string }, revision: number): void {
    if (!op.key.startsWith(SERVICE_KEYS)) return;
    if (op.type === 'put' && op.value !== undefined) this.final.set(op.key, decodeObject({ value: op.value, modRevision: revision }));
    if (op.type === 'deleteRange') {
      if (op.rangeEnd === undefined || op.rangeEnd === '') this.final.set(op.key, null);
      else for (const key of this.old.keys()) if (key >= op.key && key < op.rangeEnd) this.final.set(key, null);
    }
  }

  /** Releases what is committed or let go and not held by what was stored, then answers. */
  private finish(done: Step): Step {
    if (done.kind !== 'done') return done;
    const freed = new Set<Value>(this.committed);
    const kept = new Set<Value>();
    if (done.result.ok) {
      for (const [key, now] of this.final) {
        for (const v of heldBy(this.old.get(key))) freed.add(v);
        for (const v of heldBy(now ?? undefined)) kept.add(v);
      }
    }
    return releaseValues([...freed].filter((v) => !kept.has(v)), this.env, () => done);
  }
}

function take(a: ServiceAllocators, v: Value): boolean {
  if (v.startsWith('ip:')) {
    const ip = v.slice(3);
    const family = familyOf(ip);
    return family !== undefined && a.clusterIP(family, ip) !== undefined;
  }
  return a.nodePort(Number(v.slice(5))) !== undefined;
}


function writesService(command: StoreCommand): boolean {
  if (command.type === 'put') return command.key.startsWith(SERVICE_KEYS);
  if (command.type !== 'txn') return false;
  return (command.success ?? []).some((op) => op.type === 'put' && op.key.startsWith(SERVICE_KEYS));
}
