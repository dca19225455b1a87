// Who answers at each path: the actors' cells, the one-shot receivers of asks, and the hosts by
// path and by name. Uids are handed out here, so a ref names one actor across its restarts and a
// later actor at the same path is another.

import type { AnyRef } from '../message.ts';
import type { AskReceiver } from './ask-receiver.ts';
import { Cell } from './cell.ts';

export type Receiver = Cell | AskReceiver<unknown>;

export class Registry {
  private readonly receivers = new Map<string, Receiver>();
  private readonly hosts = new Map<string, Cell>();
  private readonly hostsByName = new Map<string, Cell>();
  private nextUid = 1;

  newUid(): number {
    return this.nextUid++;
  }

  /** Whether `uid` was handed out: a ref with it names an actor that existed. */
  issued(uid: number): boolean {
    return uid > 0 && uid < this.nextUid;
  }

  get(path: string): Receiver | undefined {
    return this.receivers.get(path);
  }

  cellAt(path: string): Cell | undefined {
    const r = this.receivers.get(path);
    return r instanceof Cell ? r : undefined;
  }

  /** The cell a ref names: the same incarnation-independent actor, or any at the path for uid 0. */
  cellOf(ref: AnyRef): Cell | undefined {
    const c = this.cellAt(ref.path);
    return c !== undefined && (c.uid === ref.uid || ref.uid === 0) ? c : undefined;
  }

  add(cell: Cell): void {
    this.receivers.set(cell.path, cell);
    if (cell.def.isHost) {
      this.hosts.set(cell.path, cell);
      this.hostsByName.set(cell.name, cell);
    }
  }

  /** Forgets a cell stopped for good (unless another has taken its place). */
  remove(cell: Cell): void {
    if (this.receivers.get(cell.path) === cell) this.receivers.delete(cell.path);
    if (this.hosts.get(cell.path) === cell) {
      this.hosts.delete(cell.path);
      this.hostsByName.delete(cell.name);
    }
  }

  addAsk(r: AskReceiver<unknown>): void {
    this.receivers.set(r.path, r);
  }

  removeAsk(path: string): void {
    this.receivers.delete(path);
  }

  hostNamed(name: string): Cell | undefined {
    return this.hostsByName.get(name);
  }

  /** Whether `host` is the host registered at its path (not one replaced or stopped for good). */
  isCurrentHost(host: Cell): boolean {
    return this.hosts.get(host.path) === host;
  }

  /** The host whose subtree holds `path`, if any. */
  hostOfPath(path: string): Cell | null {
    for (let p = path; p.length > 1; p = p.slice(0, p.lastIndexOf('/'))) {
      const h = this.hosts.get(p);
      if (h !== undefined) return h;
    }
    return null;
  }
}
