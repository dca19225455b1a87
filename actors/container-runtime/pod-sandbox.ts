// A pod's sandbox: the shim of one pod. It starts the pause container and owns the pod's
// container actors (temporary children: the kubelet, not a supervisor, restarts containers); the
// runtime's event monitor watches them all. A connection to the pod goes to its containers in
// turn, as a packet in the pod's namespace reaches whichever process listens on its port.

import { type ActorRef, defineActor } from '../../runtime/index.ts';
import type { ProcessModel } from './workload/process.ts';
import type { ContainerMsg, RuntimeReport, SandboxMsg, WatchRequest } from './messages.ts';
import { containerActor } from './container.ts';
import { pauseContainer, type PauseOptions } from './pause-container.ts';

export interface SandboxOptions {
  readonly sandboxId: string;
  readonly model: ProcessModel;
  readonly runtime: ActorRef<RuntimeReport>;
  readonly monitor: ActorRef<WatchRequest>;
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
      ctx.send(o.monitor, { type: 'Watch', ref: pause, what: { kind: 'pause', sandboxId: o.sandboxId } });
      return { pause, containers: {} };
    },
    receive: (s, msg, ctx) => {
      // A child that failed is gone already; only a running one can be stopped or reached.
      const alive = (ref: ActorRef<never>) => ctx.child(ref.path.slice(ref.path.lastIndexOf('/') + 1))?.uid === ref.uid;
      const stopChild = (ref: ActorRef<never>) => {
        if (alive(ref)) ctx.stop(ref);
      };
      const killAll = () => {
        for (const ref of Object.values(s.containers)) ctx.send(ref, { type: 'Stop', graceMs: 0 });
      };
      switch (msg.type) {
        case 'CreateIn': {
          const ref = ctx.spawn(containerActor({ containerId: msg.containerId, spec: msg.spec, model: o.model, runtime: o.runtime }), {
            name: ctx.child(msg.actorName) ? `${msg.actorName}_${msg.containerId.slice(0, 12)}` : msg.actorName,
            restart: 'temporary',
          });
          ctx.send(o.monitor, { type: 'Watch', ref, what: { kind: 'container', containerId: msg.containerId } });
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
            stopChild(ref);
          }
          return s;
        }
        case 'Rewatch':
          if (s.pause !== null) ctx.send(o.monitor, { type: 'Watch', ref: s.pause, what: { kind: 'pause', sandboxId: o.sandboxId } });
          for (const [containerId, ref] of Object.entries(s.containers)) ctx.send(o.monitor, { type: 'Watch', ref, what: { kind: 'container', containerId } });
          return s;
        case 'KillContainers':
          killAll();
          s.pause = null;
          return s;
        case 'StopAll':
          killAll();
          if (s.pause !== null) stopChild(s.pause);
          s.pause = null;
          return s;
        case 'ConnectIn': {
          // Only live processes listen: a dead container's ref would swallow the connection.
          const [first, ...rest] = Object.values(s.containers).filter((ref) => alive(ref as ActorRef<never>));
          const req = msg.request;
          if (first) ctx.send(first, { type: 'Connect', request: req, next: rest });
          else ctx.send(req.replyTo, { type: 'PodNetworkReply', reqId: req.reqId, ok: false, failure: 'connection refused' });
          return s;
        }
      }
    },
  });
}
