// The pause container: it holds the pod's network namespace. Starting, it asks the node's CNI
// plugin to ADD the pod to the network and keeps the interfaces and IPs the plugin gave; the
// runtime hears the IPs (or the error) from it. Its death is the sandbox's death.

import { type ActorRef, defineActor } from '../../runtime/index.ts';
import type { CniAdd, CniArgs, CniPluginRef, CniResult, CniRuntimeConfig } from './cni-messages.ts';
import type { PauseMsg, RuntimeReport } from './messages.ts';
import { cniCause } from './errors.ts';

export interface PauseOptions {
  readonly sandboxId: string;
  /** null for a host-network pod: it shares the node's namespace and needs no CNI call. */
  readonly cni: CniPluginRef | null;
  readonly netns: string;
  readonly args: CniArgs;
  readonly runtimeConfig: CniRuntimeConfig;
  readonly runtime: ActorRef<RuntimeReport>;
  /** How long the runtime waits for the plugin. */
  readonly cniTimeoutMs: number;
  /** How long the namespace and the pause process take to start, before the CNI ADD (drawn from the actor's stream). */
  readonly startMs: { readonly min: number; readonly max: number };
}

export interface PauseState {
  interfaces: CniResult['interfaces'];
  ips: string[];
  ready: boolean;
}

/** '10.244.1.5/24' → '10.244.1.5'. */
export function addressOf(cidr: string): string {
  const slash = cidr.indexOf('/');
  return slash < 0 ? cidr : cidr.slice(0, slash);
}

export function pauseContainer(o: PauseOptions) {
  return defineActor<PauseMsg, PauseState>({
    kind: 'pause-container',
    describe: (s) => ({ sandboxId: o.sandboxId, ips: s.ips, ready: s.ready }),
    init: (ctx) => {
      const { min, max } = o.startMs;
      ctx.timers.once('started', min + ctx.random() * (max - min), { type: 'PauseStarted' });
      return { interfaces: [], ips: [], ready: false };
    },
    receive: (s, msg, ctx) => {
      if (s.ready) return s;
      if (msg.type === 'PauseStarted') {
        if (o.cni === null) {
          s.ready = true;
          ctx.send(o.runtime, { type: 'NetworkUp', sandboxId: o.sandboxId, ips: [] });
          return s;
        }
        const cni = o.cni;
        ctx.ask<CniAdd>(
          cni,
          (replyTo) => ({ type: 'CniAdd', reqId: ctx.incarnation, containerId: o.sandboxId, netns: o.netns, ifName: 'eth0', args: o.args, runtimeConfig: o.runtimeConfig, replyTo }),
          o.cniTimeoutMs,
          (r) => (r.ok ? { type: 'CniAdded', reply: r.reply, error: '' } : { type: 'CniAdded', reply: null, error: r.error }),
        );
        return s;
      }
      const r = msg.reply;
      if (r === null) {
        ctx.send(o.runtime, { type: 'NetworkFailed', sandboxId: o.sandboxId, message: msg.error });
      } else if (!r.ok) {
        ctx.send(o.runtime, { type: 'NetworkFailed', sandboxId: o.sandboxId, message: cniCause('bridge', 'add', r.error.msg) });
      } else if (r.op === 'ADD') {
        s.interfaces = r.result.interfaces;
        s.ips = r.result.ips.map((ip) => addressOf(ip.address));
        s.ready = true;
        ctx.send(o.runtime, { type: 'NetworkUp', sandboxId: o.sandboxId, ips: s.ips });
      }
      return s;
    },
  });
}
