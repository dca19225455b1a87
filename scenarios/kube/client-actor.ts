// The scenario's own Kubernetes client: an actor on a host of its own (a user's machine, outside
// the cluster) that carries a script's calls to an apiserver replica, tries the next replica when
// one does not answer, and keeps each answer in its state until the script collects it.

import { type AskResult, defineActor, defineRedaction, stateKey } from '../../runtime/index.ts';
import { redactSecrets } from '../../actors/kube-apiserver/encryption/index.ts';
import { type ApiCall, type ApiResponse, type ApiserverMsg, type ApiResult, kubeApiserverService, type KubeWatchEvent, type ListOptions, type Target, type WatchStream } from '../../protocols/kube/api.ts';

export type ScriptClientMsg =
  | { readonly type: 'Do'; readonly id: number; readonly call: ApiCall; readonly token?: string }
  | { readonly type: 'Answer'; readonly id: number; readonly attempt: number; readonly result: AskResult<ApiResponse> }
  | { readonly type: 'StartWatch'; readonly id: number; readonly target: Target; readonly options: ListOptions; readonly token?: string }
  | { readonly type: 'EndWatch'; readonly id: number }
  | WatchStream;

export interface ScriptClientState {
  /** Answers not yet collected by the script, by call id. */
  readonly results: Map<number, ApiResult>;
  /** Watch events not yet collected, by watch id. */
  readonly events: Map<number, KubeWatchEvent[]>;
  readonly closedWatches: Set<number>;
  /** Calls in flight: the call, and the replica it was last sent to. */
  readonly inFlight: Map<number, { call: ApiCall; token?: string; replica: number; attempt: number }>;
  readonly watches: Map<number, string>;
}

// A script's Secrets stay out of the trace on their way in, as the apiserver's messages do.
defineRedaction<ScriptClientMsg>('Do', redactSecrets);

export const scriptClientStateKey = stateKey<ScriptClientState>('kube-script-client');

/** How long a replica has to answer before the call goes to the next one. */
const CALL_TIMEOUT_MS = 10_000;

/** `heard` learns each watch event as it arrives (the script's watch callbacks). */
export function scriptClient(replicas: readonly string[], heard?: (watchId: number, event: KubeWatchEvent) => void) {
  return defineActor<ScriptClientMsg, ScriptClientState>({
    kind: scriptClientStateKey.kind,
    init: () => ({ results: new Map(), events: new Map(), closedWatches: new Set(), inFlight: new Map(), watches: new Map() }),
    receive(s, msg, ctx) {
      const send = (id: number) => {
        const f = s.inFlight.get(id)!;
        const to = kubeApiserverService.on(replicas[f.replica % replicas.length]!);
        const attempt = f.attempt;
        ctx.ask<ApiserverMsg, ApiResponse>(to, (replyTo) => ({ type: 'Call' as const, id, call: f.call, ...(f.token ? { token: f.token } : {}), replyTo }), CALL_TIMEOUT_MS, (result) => ({
          type: 'Answer',
          id,
          attempt,
          result,
        }));
      };
      switch (msg.type) {
        case 'Do':
          // Calls spread over the replicas, as behind a load balancer; a silent one passes the call on.
          s.inFlight.set(msg.id, { call: msg.call, ...(msg.token ? { token: msg.token } : {}), replica: msg.id, attempt: 0 });
          send(msg.id);
          break;
        case 'Answer': {
          const f = s.inFlight.get(msg.id);
          if (f === undefined || f.attempt !== msg.attempt) break;
          if (msg.result.ok) {
            s.inFlight.delete(msg.id);
            s.results.set(msg.id, msg.result.reply.result);
          } else {
            f.replica++;
            f.attempt++;
            send(msg.id);
          }
          break;
        }
        case 'StartWatch': {
          const replica = replicas[msg.id % replicas.length]!;
          s.watches.set(msg.id, replica);
          s.events.set(msg.id, []);
          ctx.send(kubeApiserverService.on(replica), { type: 'Watch', id: msg.id, target: msg.target, options: msg.options, ...(msg.token ? { token: msg.token } : {}), replyTo: ctx.self });
          break;
        }
        case 'EndWatch': {
          const replica = s.watches.get(msg.id);
          if (replica !== undefined) ctx.send(kubeApiserverService.on(replica), { type: 'StopWatch', id: msg.id, watcher: ctx.self });
          s.watches.delete(msg.id);
          break;
        }
        case 'WatchEvents': {
          const log = s.events.get(msg.id);
          if (log === undefined) break;
          log.push(...msg.events);
          for (const e of msg.events) heard?.(msg.id, e);
          break;
        }
        case 'WatchClosed':
          s.closedWatches.add(msg.id);
          break;
        case 'WatchRefused':
          s.events.get(msg.id)?.push({ type: 'ERROR', object: msg.result.body });
          s.closedWatches.add(msg.id);
          break;
      }
      return s;
    },
    // Uncollected watch events pile up in a long run: checkpoints hash their counts, not the objects.
    digest: (s) => ({
      results: [...s.results.keys()],
      events: [...s.events].map(([id, evs]) => [id, evs.length]),
      closed: s.closedWatches.size,
      inFlight: [...s.inFlight].map(([id, f]) => [id, f.replica, f.attempt]),
      watches: [...s.watches.keys()],
    }),
    describe: (s) => ({ inFlight: s.inFlight.size, uncollected: s.results.size, watches: s.watches.size }),
  });
}
