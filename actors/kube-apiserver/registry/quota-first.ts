// ResourceQuota usage written as Kubernetes orders it: the quota admission plugin charges the
// quota (a compare-and-swap on its status) before the object is stored, in its own write. The
// registry builds one transaction holding both; this splits it: the quotas' compares and puts
// first, then the object's. A quota that moved fails the request as the joined transaction would
// (the caller retries); an object write that fails after the charge leaves the quota charged,
// as in Kubernetes, until the resource quota controller recalculates it.

import type { Compare, RequestOp, StoreCommand, StoreResult, TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { Step } from './step.ts';

const QUOTAS = '/registry/resourcequotas/';

type Txn = Extract<StoreCommand, { type: 'txn' }>;

const isQuota = (x: Compare | RequestOp): boolean => 'key' in x && x.key.startsWith(QUOTAS);

function split(c: Txn): { quota: Txn; rest: Txn } | undefined {
  const success = c.success ?? [];
  // Most writes charge no quota: told without building a list.
  if (!success.some(isCharge)) return undefined;
  const charges = success.filter(isCharge);
  if (charges.length === success.length) return undefined;
  const compare = c.compare ?? [];
  return {
    quota: { type: 'txn', compare: compare.filter(isQuota), success: charges, failure: [] },
    rest: { type: 'txn', compare: compare.filter((x) => !isQuota(x)), success: success.filter((op) => !charges.includes(op)), failure: c.failure ?? [] },
  };
}

const isCharge = (op: RequestOp): boolean => op.type === 'put' && isQuota(op);

/** What comes after `step`'s etcd answer, split the same way (made apart: see step.ts's continuation). */
function splitAfter(step: Extract<Step, { kind: 'etcd' }>): (r: StoreResult) => Step {
  return (r) => quotaFirst(step.then(r));
}

export function quotaFirst(step: Step): Step {
  if (step.kind === 'done') return step;
  const c = step.command;
  const parts = c.type === 'txn' ? split(c) : undefined;
  if (parts === undefined || c.type !== 'txn') return { kind: 'etcd', command: c, then: splitAfter(step) };
  return {
    kind: 'etcd',
    command: parts.quota,
    then: (charged) => {
      if (!charged.ok) return quotaFirst(step.then(charged));
      if ((charged.response as TxnResponse).succeeded) return { kind: 'etcd', command: parts.rest, then: splitAfter(step) };
      // A quota moved: the request sees what the joined transaction's failure branch would have read.
      const reads: Txn = { type: 'txn', compare: [], success: c.failure ?? [], failure: [] };
      return { kind: 'etcd', command: reads, then: (r) => quotaFirst(step.then(r.ok ? { ok: true, response: { ...(r.response as TxnResponse), succeeded: false } } : r)) };
    },
  };
}
