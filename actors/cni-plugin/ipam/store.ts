// host-local's store as plain data: who holds each address (host-local keeps one file per address
// holding "containerId\r\nifName") and the last address reserved from each range set (its
// last_reserved_ip.<index> files). It changes only by records, so that the same records, replayed
// from the disk after a crash, give the same store.

export interface Owner {
  readonly containerId: string;
  readonly ifName: string;
}

export interface IpamStore {
  /** Keyed by the address as host-local names its file: `10.244.1.2`, `fd00:10:244:1::2`. */
  readonly owners: Readonly<Record<string, Owner>>;
  /** Keyed by the range set's index in the configuration. */
  readonly lastReserved: Readonly<Record<string, string>>;
}

export type IpamRecord =
  | { readonly op: 'reserve'; readonly ip: string; readonly containerId: string; readonly ifName: string; readonly rangeId: string }
  | { readonly op: 'release'; readonly ip: string };

export const emptyStore = (): IpamStore => ({ owners: {}, lastReserved: {} });

/** Releasing keeps the last reserved address, so the next ADD still moves on past it. */
export function applyRecord(store: IpamStore, rec: IpamRecord): IpamStore {
  if (rec.op === 'reserve') {
    return {
      owners: { ...store.owners, [rec.ip]: { containerId: rec.containerId, ifName: rec.ifName } },
      lastReserved: { ...store.lastReserved, [rec.rangeId]: rec.ip },
    };
  }
  const { [rec.ip]: _gone, ...owners } = store.owners;
  return { owners, lastReserved: store.lastReserved };
}

/** The same as applying each record in turn, without a copy of the store per record. */
export function replay(records: readonly IpamRecord[], from: IpamStore = emptyStore()): IpamStore {
  const owners: Record<string, Owner> = { ...from.owners };
  const lastReserved: Record<string, string> = { ...from.lastReserved };
  for (const rec of records) {
    if (rec.op === 'release') delete owners[rec.ip];
    else {
      owners[rec.ip] = { containerId: rec.containerId, ifName: rec.ifName };
      lastReserved[rec.rangeId] = rec.ip;
    }
  }
  return { owners, lastReserved };
}

/** The addresses held by one attachment, in the order they were reserved. */
export function addressesOf(store: IpamStore, containerId: string, ifName: string): string[] {
  return Object.keys(store.owners).filter((ip) => {
    const o = store.owners[ip]!;
    return o.containerId === containerId && o.ifName === ifName;
  });
}
