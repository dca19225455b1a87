// ResourceQuota usage written before the object, in its own write, as Kubernetes' quota admission
// does: the registry's joined transaction split in two.

import test from 'ava';
import { applyCommand } from '../../../actors/etcd/mvcc/commands.ts';
import { MvccStore } from '../../../actors/etcd/mvcc/store.ts';
import { quotaFirst } from '../../../actors/kube-apiserver/registry/quota-first.ts';
import { answer, type Step } from '../../../actors/kube-apiserver/registry/step.ts';
import type { TxnResponse } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';

const QUOTA = '/registry/resourcequotas/default/compute';
const POD = '/registry/pods/default/web';

/** A create as writeNew builds it: the key free and the quota unmoved, then both written. */
function createStep(quotaRev: number, seen: { t?: TxnResponse }): Step {
  return {
    kind: 'etcd',
    command: {
      type: 'txn',
      compare: [{ target: 'CREATE', result: 'EQUAL', key: POD, createRevision: 0 }, { target: 'MOD', result: 'EQUAL', key: QUOTA, modRevision: quotaRev }],
      success: [{ type: 'put', key: POD, value: 'pod' }, { type: 'put', key: QUOTA, value: 'charged' }],
      failure: [{ type: 'range', key: POD, keysOnly: true }],
    },
    then: (r) => {
      seen.t = r.ok ? (r.response as TxnResponse) : undefined;
      return answer(201, {} as KubeObject);
    },
  };
}

function run(store: MvccStore, step: Step): void {
  while (step.kind === 'etcd') step = step.then(applyCommand(store, step.command));
}

const modRev = (store: MvccStore, key: string) => store.range(key, '', {}).kvs[0]?.modRevision;

test('quota first: the charge is its own write before the object\'s', (t) => {
  const store = new MvccStore();
  store.put(QUOTA, 'free');
  const quotaRev = modRev(store, QUOTA)!;
  const seen: { t?: TxnResponse } = {};
  run(store, quotaFirst(createStep(quotaRev, seen)));
  t.true(seen.t?.succeeded);
  t.is(modRev(store, QUOTA), quotaRev + 1);
  t.is(modRev(store, POD), quotaRev + 2);
  t.is(seen.t?.header.revision, quotaRev + 2);
});

test('quota first: a moved quota writes nothing and answers with the failure branch; a taken name leaves the quota charged', (t) => {
  const store = new MvccStore();
  store.put(QUOTA, 'free');
  const stale = modRev(store, QUOTA)!;
  store.put(QUOTA, 'moved');
  const before = modRev(store, QUOTA);
  const seen: { t?: TxnResponse } = {};
  run(store, quotaFirst(createStep(stale, seen)));
  t.false(seen.t?.succeeded);
  t.is(seen.t?.responses[0]?.type, 'range');
  t.is(modRev(store, QUOTA), before);
  t.is(modRev(store, POD), undefined);
  store.put(POD, 'someone else');
  const again: { t?: TxnResponse } = {};
  run(store, quotaFirst(createStep(before!, again)));
  t.false(again.t?.succeeded);
  t.is(store.range(QUOTA, '', {}).kvs[0]?.value, 'charged');
  t.is(store.range(POD, '', {}).kvs[0]?.value, 'someone else');
});
