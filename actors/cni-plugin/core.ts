// The plugin's decision for one call, pure: bridge over host-local, from the IPAM store and the
// request to the reply and the records that change the store. The actor writes the records, makes
// them durable, and only then sends the reply.

import { CNI_ERRORS, type CniMsg, type CniReply, cniOp } from '../../protocols/kube/cni.ts';
import { type Attachment, type BridgeConfig, bridgeResult } from './bridge.ts';
import { verifyPrevResult } from './check.ts';
import { allocate, checkHeld, heldAllocations, release } from './ipam/allocator.ts';
import { loadRangeSets } from './ipam/range.ts';
import type { IpamRecord, IpamStore } from './ipam/store.ts';
import { type CallError, callError } from './requests.ts';

export interface PluginConfig extends BridgeConfig {
  /** The configuration's cniVersion; the plugin prints results of 1.0.0 only. */
  readonly cniVersion: string;
}

export interface Decision {
  readonly records: readonly IpamRecord[];
  readonly reply: CniReply;
}

export function decide(store: IpamStore, cfg: PluginConfig, msg: CniMsg): Decision {
  const op = cniOp(msg);
  const fail = (e: CallError, records: readonly IpamRecord[] = []): Decision => ({
    records,
    reply: { type: 'CniReply', reqId: msg.reqId, op, ok: false, error: { cniVersion: cfg.cniVersion, ...e } },
  });
  // host-local's own failures are plain errors, which the CNI library reports as code 999.
  const internal = (text: string, records: readonly IpamRecord[] = []) => fail({ code: CNI_ERRORS.Internal, msg: text }, records);
  const early = callError(msg, cfg.cniVersion);
  if (early) return fail(early);
  const sets = loadRangeSets(msg.runtimeConfig.ipRanges);
  if (typeof sets === 'string') return internal(sets);
  const at: Attachment = { containerId: msg.containerId, netns: msg.netns, ifName: msg.ifName };
  switch (msg.type) {
    case 'CniAdd': {
      const got = allocate(store, sets, msg.containerId, msg.ifName);
      if (!got.ok) return internal(got.msg, got.records);
      return { records: got.records, reply: { type: 'CniReply', reqId: msg.reqId, op: 'ADD', ok: true, result: bridgeResult(cfg, at, got.value) } };
    }
    case 'CniDel':
      return { records: release(store, msg.containerId, msg.ifName), reply: { type: 'CniReply', reqId: msg.reqId, op: 'DEL', ok: true } };
    case 'CniCheck': {
      const missing = checkHeld(store, msg.containerId, msg.ifName);
      if (missing) return internal(missing);
      const actual = bridgeResult(cfg, at, heldAllocations(store, sets, msg.containerId, msg.ifName));
      const wrong = verifyPrevResult(cfg.bridge, at, msg.prevResult, actual);
      if (wrong) return internal(wrong);
      return { records: [], reply: { type: 'CniReply', reqId: msg.reqId, op: 'CHECK', ok: true } };
    }
  }
}
