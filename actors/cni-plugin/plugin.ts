// The node's CNI plugin as an actor (kind cni-plugin): bridge with host-local IPAM, answering the
// container runtime's ADD, DEL and CHECK. Its allocations are records in a file on the host's
// disk, as host-local's are files under /var/lib/cni/networks/<network>/: a plugin that crashes
// and restarts reads them back and loses none.

import { type CniDns, type CniMsg, type CniReply, isCniMsg } from '../../protocols/kube/cni.ts';
import { type ActorRef, defineActor, logFile, stateKey } from '../../runtime/index.ts';
import { decide, type PluginConfig } from './core.ts';
import { type IpamRecord, type IpamStore, replay } from './ipam/store.ts';

export interface CniPluginOptions {
  /** The node this plugin serves, for inspection. */
  readonly node: string;
  /** Default `cni0`. */
  readonly bridge?: string;
  /** The network configuration's cniVersion; default `1.0.0`, the only one this plugin prints. */
  readonly cniVersion?: string;
  /** The network's name, which names host-local's directory; default `cbr0`. */
  readonly network?: string;
  /** What results say under dns; empty by default. */
  readonly dns?: CniDns;
  /** Bugs planted for the fault tests that must catch them. */
  readonly plant?: {
    /** A restarted plugin starts from an empty store, as if host-local's files were on a tmpfs. */
    readonly forgetOnRestart?: boolean;
  };
}

export interface CniPluginState {
  readonly node: string;
  readonly store: IpamStore;
  /** Records written by this host's plugin so far, this incarnation's reading included. */
  readonly written: number;
}

export const cniPluginStateKey = stateKey<CniPluginState>('cni-plugin');

/** The file of IPAM records, one per network as host-local keeps one directory per network. */
export const ipamLog = (network: string) => logFile<IpamRecord>(`var/lib/cni/networks/${network}/ipam.log`);

/** An fsync completed: the reply that waited for it may go. It carries the reply itself, so a
 * restarted incarnation that receives it can still send it. */
type Durable = { readonly type: 'CniDurable'; readonly replyTo: ActorRef<CniReply>; readonly reply: CniReply };

export function cniPlugin(options: CniPluginOptions) {
  const network = options.network ?? 'cbr0';
  const cfg: PluginConfig = {
    bridge: options.bridge ?? 'cni0',
    cniVersion: options.cniVersion ?? '1.0.0',
    ...(options.dns ? { dns: options.dns } : {}),
  };
  const log = ipamLog(network);
  return defineActor<CniMsg | Durable, CniPluginState>({
    kind: cniPluginStateKey.kind,
    init: (ctx) => {
      const records = options.plant?.forgetOnRestart && ctx.incarnation > 1 ? [] : ctx.disk.records(log);
      return { node: options.node, store: replay(records), written: records.length };
    },
    receive: (s, msg, ctx) => {
      if (!isCniMsg(msg)) {
        ctx.send(msg.replyTo, msg.reply);
        return s;
      }
      const d = decide(s.store, cfg, msg);
      for (const r of d.records) ctx.disk.append(log, r);
      // A reply is a promise about the disk: an ADD's address must still be this pod's after a
      // host crash, or the node would hand it out again, and a DEL's release must not come back.
      // So every reply, even one that wrote nothing (it may report what earlier writes did),
      // waits until all that was written before it is durable.
      ctx.disk.fsync({ type: 'CniDurable', replyTo: msg.replyTo, reply: d.reply });
      return d.records.length === 0 ? s : { ...s, store: replay(d.records, s.store), written: s.written + d.records.length };
    },
    describe: (s) => ({ node: s.node, network, bridge: cfg.bridge, allocations: s.store.owners, lastReserved: s.store.lastReserved }),
    digest: (s) => ({ written: s.written, held: Object.keys(s.store.owners).length }),
  });
}
