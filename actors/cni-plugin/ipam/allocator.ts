// host-local's allocation, pure: given the store and the configured range sets, which addresses an
// ADD takes (one per range set), what a DEL frees and whether a CHECK finds the attachment. Each
// answer comes with the records that change the store, for the caller to write to disk.

import { type Addr, at, formatAddr, parseAddr } from './addr.ts';
import { type Range, type RangeSet, rangeFor, rangeSetString } from './range.ts';
import { addressesOf, applyRecord, type IpamRecord, type IpamStore } from './store.ts';

export interface Allocation {
  /** `10.244.1.2/24`: the address with its subnet's prefix length. */
  readonly address: string;
  readonly gateway: string;
  readonly family: 4 | 6;
}

export type IpamOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly records: readonly IpamRecord[] }
  | { readonly ok: false; readonly msg: string; readonly records: readonly IpamRecord[] };

/**
 * The addresses of a range set in the order host-local tries them: round robin, from just after
 * the last address it reserved in this set (so a crash-looping pod does not get the same address
 * back at once), through the end of each range into the next, wrapping around to where it began.
 * Gateways are skipped. Without a last address in the set, it starts at the first range's start.
 */
export function* candidates(set: RangeSet, last: Addr | undefined): Generator<{ readonly range: Range; readonly value: bigint }> {
  let idx = 0;
  let cur: bigint | undefined;
  const holder = last === undefined ? undefined : rangeFor(set, last);
  if (holder !== undefined) {
    idx = set.indexOf(holder);
    cur = last!.value;
  }
  let first: bigint | undefined;
  for (;;) {
    let r = set[idx]!;
    if (cur === undefined) {
      cur = r.start;
      first = cur;
    } else {
      if (cur === r.end) {
        idx = (idx + 1) % set.length;
        r = set[idx]!;
        cur = r.start;
      } else cur += 1n;
      // Ranges in a set never overlap, so an address names its place in the walk.
      if (first === undefined) first = cur;
      else if (cur === first) return;
    }
    if (cur !== r.gateway) yield { range: r, value: cur };
  }
}

function allocationOf(range: Range, ip: string): Allocation {
  return { address: `${ip}/${range.subnet.prefix}`, gateway: formatAddr(at(range.family, range.gateway)), family: range.family };
}

/** An ADD: one address from each range set for this containerId and ifName, or host-local's error. */
export function allocate(store: IpamStore, sets: readonly RangeSet[], containerId: string, ifName: string): IpamOutcome<Allocation[]> {
  const records: IpamRecord[] = [];
  const out: Allocation[] = [];
  let working = store;
  const held = addressesOf(store, containerId, ifName);
  for (const [idx, set] of sets.entries()) {
    const rangeId = String(idx);
    let failure: string | undefined;
    const dup = held.find((ip) => {
      const a = parseAddr(ip);
      return a !== undefined && rangeFor(set, a) !== undefined;
    });
    if (dup !== undefined) failure = `${dup} has been allocated to ${containerId}, duplicate allocation is not allowed`;
    else {
      const lastText = working.lastReserved[rangeId];
      const last = lastText === undefined ? undefined : parseAddr(lastText);
      let taken: Allocation | undefined;
      for (const { range, value } of candidates(set, last)) {
        const ip = formatAddr(at(range.family, value));
        if (working.owners[ip] !== undefined) continue;
        const rec: IpamRecord = { op: 'reserve', ip, containerId, ifName, rangeId };
        records.push(rec);
        working = applyRecord(working, rec);
        taken = allocationOf(range, ip);
        break;
      }
      if (taken === undefined) failure = `no IP addresses available in range set: ${rangeSetString(set)}`;
      else out.push(taken);
    }
    if (failure !== undefined) {
      // host-local gives back what this ADD took from the earlier sets; their last reserved
      // addresses stay moved on, as its files do.
      for (const a of out) records.push({ op: 'release', ip: a.address.slice(0, a.address.indexOf('/')) });
      return { ok: false, msg: `failed to allocate for range ${idx}: ${failure}`, records };
    }
  }
  return { ok: true, value: out, records };
}

/** A DEL frees whatever the attachment holds; holding nothing is no error. */
export function release(store: IpamStore, containerId: string, ifName: string): IpamRecord[] {
  return addressesOf(store, containerId, ifName).map((ip) => ({ op: 'release', ip }));
}

/** A CHECK asks only that the attachment holds some address, whatever it is. */
export function checkHeld(store: IpamStore, containerId: string, ifName: string): string | undefined {
  return addressesOf(store, containerId, ifName).length > 0 ? undefined : `host-local: Failed to find address added by container ${containerId}`;
}

/** What the attachment holds in each configured range set, in configuration order. */
export function heldAllocations(store: IpamStore, sets: readonly RangeSet[], containerId: string, ifName: string): Allocation[] {
  const held = addressesOf(store, containerId, ifName);
  const out: Allocation[] = [];
  for (const set of sets) {
    for (const ip of held) {
      const a = parseAddr(ip);
      const range = a && rangeFor(set, a);
      if (range) {
        out.push(allocationOf(range, ip));
        break;
      }
    }
  }
  return out;
}
