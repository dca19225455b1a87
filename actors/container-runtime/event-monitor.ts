// The runtime's event monitor (containerd's name for what turns task exits into CRI state): it
// watches every pod-sandbox, pause-container and container actor and tells the runtime which
// one failed. A watch by a sibling rather than by an ancestor: an actor that is being stopped
// must not be told of its own children stopping with it (the runtime's system would wake a cell
// that is ending, and never count it idle again). Stops the runtime or a sandbox asked for are
// 'shutdown' and not reported; a target already gone when watched is reported, since nothing
// tells a crash from a stop then, and the runtime's handlers ignore what they no longer track.

import { type ActorRef, type AnyRef, defineActor, type Terminated } from '../../runtime/index.ts';
import type { RuntimeReport, Watched } from './messages.ts';

export type MonitorMsg = { readonly type: 'Watch'; readonly ref: AnyRef; readonly what: Watched } | Terminated;

export function eventMonitor(runtime: ActorRef<RuntimeReport>) {
  return defineActor<MonitorMsg, Record<number, Watched>>({
    kind: 'event-monitor',
    init: (ctx) => {
      // A restarted monitor lost its watches: the runtime and its sandboxes register theirs again.
      if (ctx.incarnation > 1) ctx.send(runtime, { type: 'MonitorRestarted' });
      return {};
    },
    describe: (s) => ({ watching: Object.keys(s).length }),
    receive: (s, msg, ctx) => {
      if (msg.type === 'Watch') {
        s[msg.ref.uid] = msg.what;
        ctx.watch(msg.ref);
        return s;
      }
      const what = s[msg.ref.uid];
      delete s[msg.ref.uid];
      if (what !== undefined && msg.reason.kind !== 'normal' && msg.reason.kind !== 'shutdown') ctx.send(runtime, { type: 'ActorDied', what, uid: msg.ref.uid });
      return s;
    },
  });
}
