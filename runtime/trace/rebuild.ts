// The supervisor tree at any moment of a run, rebuilt from its trace alone. It equals what
// system.inspect() showed then, but for each actor's describe(state), which is not traced.

import type { Failure, Status } from '../system/cell.ts';
import type { InspectNode } from '../system/inspect.ts';
import type { TraceEvent } from './event.ts';

interface Node {
  path: string;
  name: string;
  kind: string;
  status: Status;
  restarts: number;
  lastFailure: Failure | null;
  mailbox: number;
  processed: number;
  fromSpec: boolean;
  children: string[];
}

const parentOf = (path: string) => (path.lastIndexOf('/') === 0 ? '/' : path.slice(0, path.lastIndexOf('/')));

/** Where to stop: after every event at or before `atMs`, or before event number `beforeSeq`. */
export type TreeMoment = { readonly atMs: number } | { readonly beforeSeq: number };

export function treeAt(events: Iterable<TraceEvent>, moment: TreeMoment, rootName: string): Omit<InspectNode, 'description'> {
  const past = 'atMs' in moment ? (e: TraceEvent) => e.time > moment.atMs : (e: TraceEvent) => e.seq >= moment.beforeSeq;
  const nodes = new Map<string, Node>();
  const root: Node = {
    path: '/',
    name: rootName,
    kind: 'system',
    status: 'running',
    restarts: 0,
    lastFailure: null,
    mailbox: 0,
    processed: 0,
    fromSpec: false,
    children: [],
  };
  nodes.set('/', root);
  const count = (path: string, field: 'mailbox' | 'processed', by: number) => {
    const n = nodes.get(path);
    if (n) n[field] += by;
  };
  for (const e of events) {
    if (past(e)) break;
    // The run's end: what follows is the system being taken down, not part of any moment of it.
    if (e.type === 'external' && (e.detail as { step?: unknown } | undefined)?.step === 'shutdown') break;
    const d = (e.detail ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'spawn': {
        const parent = nodes.get(parentOf(e.actor));
        if (parent) {
          const i = parent.children.indexOf(e.actor);
          if (i >= 0) parent.children.splice(i, 1);
          parent.children.push(e.actor);
        }
        nodes.set(e.actor, {
          path: e.actor,
          name: e.actor.slice(e.actor.lastIndexOf('/') + 1),
          kind: String(d.kind),
          status: 'starting',
          restarts: 0,
          lastFailure: null,
          mailbox: 0,
          processed: 0,
          fromSpec: d.spec === true,
          children: [],
        });
        break;
      }
      case 'restart': {
        const n = nodes.get(e.actor);
        if (n) Object.assign(n, { status: 'starting', restarts: Number(d.restarts), children: [] });
        break;
      }
      case 'status': {
        const n = nodes.get(e.actor);
        if (!n) break;
        n.status = d.status as Status;
        n.restarts = Number(d.restarts);
        if (n.status === 'backing-off' || n.status === 'restarting') n.children = [];
        break;
      }
      case 'stop': {
        const n = nodes.get(e.actor);
        if (!n) break;
        n.status = 'stopped';
        n.children = [];
        // A crashed host stays in the tree, to be restarted; any other actor stopped for good
        // leaves it unless its parent's specs keep a place for it.
        const crashed = (d.reason as { kind?: unknown } | undefined)?.kind === 'host-crashed';
        if (!n.fromSpec && !crashed && n !== root) {
          const parent = nodes.get(parentOf(e.actor));
          if (parent) parent.children = parent.children.filter((c) => c !== e.actor);
        }
        break;
      }
      case 'crash': {
        const n = nodes.get(e.actor);
        if (!n) break;
        n.lastFailure = { messageType: e.messageType, error: String(d.error), at: e.time };
        if (d.during === 'receive') n.processed--;
        break;
      }
      case 'deliver':
        count(e.actor, 'processed', 1);
        count(e.actor, 'mailbox', -1);
        break;
      case 'send':
        if (e.detail === 0) count(e.peer, 'mailbox', 1);
        break;
      case 'arrive':
      case 'timer':
        count(e.actor, 'mailbox', 1);
        break;
      case 'dead-letter':
        count(e.actor, 'mailbox', -1);
        break;
    }
  }
  const build = (n: Node): Omit<InspectNode, 'description'> => ({
    path: n.path,
    name: n.name,
    kind: n.kind,
    status: n.status,
    restarts: n.restarts,
    lastFailure: n.lastFailure,
    mailbox: n.mailbox,
    processed: n.processed,
    children: n.children.map((c) => nodes.get(c)).filter((c): c is Node => c !== undefined).map(build) as InspectNode[],
  });
  return build(root);
}
