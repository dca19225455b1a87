// A pod's sandbox: the shim of one pod. It starts the pause container, owns the pod's container
// actors (temporary children: the kubelet, not a supervisor, restarts containers), and tells the
// runtime when one of them dies. A connection to the pod goes to its containers in turn, as a
// packet in the pod's namespace reaches whichever process listens on its port.

import { type ActorRef, defineActor } from '../../runtime/index.ts';
import type { ProcessModel } from './workload/process.ts';
import type { ContainerMsg, RuntimeReport, SandboxMsg } from './messages.ts';
import { containerActor } from './container.ts';
import { pauseContainer, type PauseOptions } from './pause-container.ts';

export interface SandboxOptions {
  readonly sandboxId: string;
  readonly model: ProcessModel;
  readonly runtime: ActorRef<RuntimeReport>;
  readonly pause: PauseOptions;
}

export interface SandboxActorState {
  pause: ActorRef<never> | null;
  /** By container id, in creation order. */
  containers: Record<string, ActorRef<ContainerMsg>>;
}

export function podSandbox(o: SandboxOptions) {
  return defineActor<SandboxMsg, SandboxActorState>({
    kind: 'pod-sandbox',
    describe: (s) => ({ id: o.sandboxId, pause: s.pause !== null, containers: Object.keys(s.containers).length }),
    init: (ctx) => {
      const pause = ctx.spawn(pauseContainer(o.pause), { name: 'pause', restart: 'temporary' });
      ctx.watch(pause);
      return { pause, containers: {} };
    },
    receive: (s, msg, ctx) => {
      switch (msg.type) {
        case 'Terminated': {
          if (msg.reason.kind !== 'failed') return s;
          if (s.pause !== null && msg.ref.uid === s.pause.uid) {
            s.pause = null;
            // The namespaces went with the pause process: the pod's processes go too.
            for (const ref of Object.values(s.containers)) ctx.send(ref, { type: 'Stop', graceMs: 0 });
            ctx.send(o.runtime, { type: 'PauseDied', sandboxId: o.sandboxId });
            return s;
          }
          const id = Object.keys(s.containers).find((k) => s.containers[k]!.uid === msg.ref.uid);
          if (id !== undefined) {
            delete s.containers[id];
            ctx.send(o.runtime, { type: 'ContainerShimDied', containerId: id });
          }
          return s;
        }
        case 'CreateIn': {
          const ref = ctx.spawn(containerActor({ containerId: msg.containerId, spec: msg.spec, model: o.model, runtime: o.runtime }), {
            name: ctx.child(msg.actorName) ? `${msg.actorName}_${msg.containerId.slice(0, 12)}` : msg.actorName,
            restart: 'temporary',
          });
          ctx.watch(ref);
          s.containers[msg.containerId] = ref;
          return s;
        }
        case 'ToContainer': {
          const ref = s.containers[msg.containerId];
          if (ref) ctx.send(ref, msg.msg);
          else if (msg.msg.type === 'Exec') ctx.send(o.runtime, { type: 'ExecDone', execId: msg.msg.execId, result: 'gone' });
          return s;
        }
        case 'RemoveIn': {
          const ref = s.containers[msg.containerId];
          if (ref) {
            delete s.containers[msg.containerId];
            ctx.unwatch(ref);
            ctx.stop(ref);
          }
          return s;
        }
        case 'StopAll': {
          for (const ref of Object.values(s.containers)) ctx.send(ref, { type: 'Stop', graceMs: 0 });
          if (s.pause !== null) {
            ctx.unwatch(s.pause);
            ctx.stop(s.pause);
            s.pause = null;
          }
          return s;
        }
        case 'ConnectIn': {
          const [first, ...rest] = Object.values(s.containers);
          const req = msg.request;
          if (first) ctx.send(first, { type: 'Connect', request: req, next: rest });
          else ctx.send(req.replyTo, { type: 'PodNetworkReply', reqId: req.reqId, ok: false, failure: 'connection refused' });
          return s;
        }
      }
    },
  });
}
