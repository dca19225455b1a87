// Supervision at work: incarnations started and ended, failures taken to the supervisor and
// decided there (restart after a backoff, with the strategy's group, or give up past the
// intensity), actors stopped for good with their watchers told, hosts crashed and restarted.
// The decisions themselves are the pure functions of supervision.ts.

import nact from 'nact';
import { Subject } from 'rxjs';
import type { ChildSpec } from '../actor.ts';
import type { Clock } from '../time.ts';
import { type AnyRef, type Message, messageType, type Terminated } from '../message.ts';
import {
  backoffDelay,
  type ExitReason,
  intensityExceeded,
  recordRestart,
  resolveSupervision,
  restartGroup,
  shouldRestart,
  type SupervisionOptions,
} from '../supervision.ts';
import { Cell, type Failure, type Status } from './cell.ts';
import type { Delivery } from './delivery.ts';
import { type TraceHooks, withCause } from './ports.ts';
import type { Pump } from './pump.ts';
import type { Registry } from './registry.ts';
import type { Timers } from './timers.ts';

export interface TreeChange {
  readonly path: string;
  readonly kind: string;
  readonly status: Status;
  readonly restarts: number;
}

/** The root gave up: a top-level actor went past the root's restart intensity. */
export interface SystemFailure {
  readonly path: string;
  readonly error: string;
}

const NAME = /^[a-z0-9-$_.+!*'(),]+$/i; // nact's own rule for actor names

export class Lifecycle {
  private readonly changeSubject = new Subject<TreeChange>();
  private readonly failureSubject = new Subject<SystemFailure>();
  readonly treeChanges$ = this.changeSubject.asObservable();
  readonly failures$ = this.failureSubject.asObservable();

  constructor(
    private readonly root: Cell,
    private readonly seed: number,
    private readonly clock: Clock,
    private readonly registry: Registry,
    private readonly pump: Pump,
    private readonly delivery: Delivery,
    private readonly timers: Timers,
    private readonly trace: TraceHooks | null,
    /** Gives a new cell its context. */
    private readonly attachContext: (cell: Cell) => void,
  ) {}

  private stepped(path: string): void {
    if (this.pump.observer !== null) this.pump.observer(path);
  }

  spawnChild(parent: Cell, spec: ChildSpec, fromSpec: boolean): Cell {
    const where = `spawn ${spec.id} under ${parent.path}`;
    if (typeof spec.id !== 'string' || !NAME.test(spec.id))
      throw new Error(`${where}: name: Invalid value: ${JSON.stringify(spec.id)}: may contain only letters, digits and -$_.+!*'(),`);
    if (!parent.alive) throw new Error(`${where}: the parent is ${parent.status}`);
    const existing = parent.childNamed(spec.id);
    if (existing && existing.status !== 'stopped') throw new Error(`${where}: an actor named ${spec.id} already exists there`);
    if (existing) parent.children.splice(parent.children.indexOf(existing), 1);
    const path = parent.path === '/' ? `/${spec.id}` : `${parent.path}/${spec.id}`;
    const sameName = spec.actor.isHost ? this.registry.hostNamed(spec.id) : undefined;
    if (sameName !== undefined && sameName.path !== path)
      throw new Error(`${where}: a host named ${spec.id} already exists at ${sameName.path}`);
    const supervision = resolveSupervision(spec.actor.supervision, path);
    const cell = new Cell(this.seed, this.trace !== null, parent, spec.id, path, this.registry.newUid(), spec.actor, spec.restart ?? 'permanent', fromSpec, supervision);
    this.attachContext(cell);
    parent.children.push(cell);
    this.registry.add(cell);
    this.startIncarnation(cell);
    return cell;
  }

  private startIncarnation(cell: Cell): void {
    const inc = ++cell.incarnation;
    cell.rng = cell.rngFor(inc);
    cell.current = undefined;
    cell.childRestartTimes = []; // a restarted supervisor counts its children's restarts afresh
    cell.timers.clear();
    this.setStatus(cell, 'starting');
    const parentRef = cell.parent!.nactRef as nact.Ref<unknown>;
    // A failing receive reaches supervision through nact's onCrash.
    cell.nactRef = nact.spawn(
      parentRef,
      (state: undefined) => {
        this.pump.drain(cell, inc);
        return state;
      },
      cell.name,
      {
        onCrash: (_msg, error, nctx) => {
          if (cell.incarnation === inc && cell.alive)
            this.fail(cell, { kind: 'failed', error: errorText(error), messageType: messageType(cell.current) }, 'receive');
          return nctx.stop;
        },
      },
    );
    // init runs here, with the nact actor in place, so it may spawn, stop, watch and set timers.
    try {
      cell.state = cell.def.init(cell.ctx);
    } catch (e) {
      if (cell.incarnation === inc && cell.alive) this.fail(cell, { kind: 'failed', error: errorText(e), messageType: 'init' }, 'init');
      return;
    }
    if (cell.incarnation !== inc || cell.status !== 'starting') return; // it stopped itself
    this.stepped(cell.path);
    for (const spec of cell.def.children ?? []) {
      this.spawnChild(cell, spec, true);
      if (cell.incarnation !== inc || cell.status !== 'starting') return; // a child's failure took it down
    }
    this.setStatus(cell, 'running');
    if (cell.mailbox.length > 0) this.pump.schedule(cell);
  }

  /** Ends the current incarnation: children stop for good (last first), timers and watches go. */
  private endIncarnation(cell: Cell): void {
    this.pump.unschedule(cell);
    // Its watches go first: a child stopped below would otherwise tell this ending incarnation,
    // scheduling it again on a nact actor that is stopping and will never drain it.
    for (const watched of cell.watching) watched.watchers.delete(cell);
    cell.watching.clear();
    this.stopChildren(cell);
    cell.children.length = 0;
    this.timers.cancelAll(cell);
    for (const t of cell.restartTimers) t.cancel();
    cell.restartTimers.clear();
    if (cell.nactRef !== undefined) nact.stop(cell.nactRef as nact.Ref<unknown>);
    cell.nactRef = undefined;
    cell.current = undefined;
  }

  stopChildren(cell: Cell): void {
    for (let i = cell.children.length - 1; i >= 0; i--) this.stopForGood(cell.children[i]!, { kind: 'shutdown' });
  }

  /**
   * A failure of `cell`: recorded, its incarnation ended, its supervisor told. `during` says
   * whether its own init or receive threw, or the failure came from elsewhere.
   */
  fail(cell: Cell, reason: ExitReason & { kind: 'failed' }, during: 'init' | 'receive' | 'other' = 'other'): void {
    cell.lastFailure = { messageType: reason.messageType, error: reason.error, at: this.clock.now() } satisfies Failure;
    const crash = this.trace?.crashed(cell.path, reason.messageType, reason.error, during) ?? -1;
    withCause(this.trace, crash, () => {
      this.endIncarnation(cell);
      this.childExited(cell, reason);
    });
    this.stepped(cell.path);
  }

  /** The supervisor's decision on a child whose incarnation has ended. */
  private childExited(child: Cell, reason: ExitReason): void {
    const parent = child.parent!;
    if (!shouldRestart(child.restart, reason)) {
      this.stopForGood(child, reason);
      return;
    }
    const sup = parent.supervision;
    const now = this.clock.now();
    parent.childRestartTimes = recordRestart(parent.childRestartTimes, now, sup.period);
    if (intensityExceeded(parent.childRestartTimes, sup.maxRestarts)) {
      this.stopForGood(child, reason);
      this.giveUp(parent, sup);
      return;
    }
    parent.restartRound++;
    const names = parent.children.map((c) => c.name);
    const group = restartGroup(sup.strategy, names, child.name).map((n) => parent.childNamed(n)!);
    for (let i = group.length - 1; i >= 0; i--) {
      const sibling = group[i]!;
      if (sibling === child || sibling.status === 'stopped') continue;
      if (sibling.restart === 'temporary') {
        this.stopForGood(sibling, { kind: 'shutdown' });
        continue;
      }
      if (sibling.alive) this.endIncarnation(sibling);
      this.setStatus(sibling, 'restarting');
      this.stepped(sibling.path);
    }
    this.setStatus(child, 'backing-off');
    child.restartTimes = recordRestart(child.restartTimes, now, sup.period);
    const delay = backoffDelay(sup.backoff, child.restartTimes.length - 1, parent.restartRng.next());
    // The restarts are caused by what ended the child, however much later they come.
    const cause = this.trace?.cause ?? -1;
    const restart = () => {
      const round = parent.restartRound;
      for (const c of group) {
        // A failure while this round runs starts a round of its own: leave the rest to it.
        if (parent.restartRound !== round) break;
        if ((c.status === 'backing-off' || c.status === 'restarting') && parent.children.includes(c)) {
          c.restarts++;
          this.startIncarnation(c);
        }
      }
    };
    const timer = this.clock.schedule(delay, () => {
      parent.restartTimers.delete(timer);
      withCause(this.trace, cause, restart);
    });
    parent.restartTimers.add(timer);
  }

  /** Past its restart intensity a supervisor stops its children and fails to its own parent. */
  private giveUp(supervisor: Cell, sup: SupervisionOptions): void {
    const error = `shutdown: reached max restart intensity (more than ${sup.maxRestarts} restarts in ${sup.period}ms)`;
    if (supervisor === this.root) {
      this.stopChildren(this.root);
      this.root.lastFailure = { messageType: 'restart', error, at: this.clock.now() };
      this.trace?.crashed('/', 'restart', error, 'other');
      this.setStatus(this.root, 'stopped', { kind: 'failed', error, messageType: 'restart' });
      this.failureSubject.next({ path: '/', error });
      return;
    }
    this.fail(supervisor, { kind: 'failed', error, messageType: 'restart' });
  }

  /** The end of an actor: nothing restarts it; its mail goes to dead letters; watchers hear. */
  stopForGood(cell: Cell, reason: ExitReason): void {
    if (cell.status === 'stopped') return;
    if (cell.alive) this.endIncarnation(cell);
    this.setStatus(cell, 'stopped', reason);
    this.registry.remove(cell);
    this.delivery.discardMail(cell);
    this.tellWatchers(cell, reason);
    const parent = cell.parent!;
    if (!cell.fromSpec) {
      const i = parent.children.indexOf(cell);
      if (i >= 0) parent.children.splice(i, 1);
    }
    this.stepped(cell.path);
  }

  /** From a handler: an actor stops itself (a normal exit, for its supervisor to decide on) or a child. */
  stopFromContext(cell: Cell, ref: AnyRef | undefined): void {
    if (ref === undefined || ref.uid === cell.uid) {
      if (!cell.alive) return;
      this.endIncarnation(cell);
      this.childExited(cell, { kind: 'normal' });
      return;
    }
    const child = cell.children.find((c) => c.uid === ref.uid);
    if (!child) throw new Error(`${cell.path}: stop ${ref.path}: an actor may stop only itself or its own children`);
    this.stopForGood(child, { kind: 'shutdown' });
  }

  /** Crashes a host: everything on it stops at once; it stays down until restarted. */
  crashHost(host: Cell): void {
    if (!host.def.isHost) throw new Error(`crash ${host.path}: not a host`);
    if (host.status === 'stopped') return;
    // A host waiting out a backoff just stays down: its parent's restart skips a stopped child.
    if (host.alive) this.endIncarnation(host);
    const reason: ExitReason = { kind: 'failed', error: 'host crashed', messageType: 'crash' };
    this.setStatus(host, 'stopped', { kind: 'host-crashed' });
    this.delivery.discardMail(host);
    this.tellWatchers(host, reason);
    this.stepped(host.path);
  }

  /** Starts a crashed host again: its supervisor tree starts from its specs and reads its disk. */
  restartHost(host: Cell): void {
    if (!host.def.isHost) throw new Error(`restart ${host.path}: not a host`);
    if (host.status !== 'stopped' || !this.registry.isCurrentHost(host))
      throw new Error(`restart ${host.path}: the host is ${host.status}, not crashed`);
    host.restartTimes = [];
    host.restarts++;
    this.startIncarnation(host);
  }

  watch(watcher: Cell, ref: AnyRef): void {
    const target = this.registry.cellOf(ref);
    if (!target || target.status === 'stopped') {
      const msg: Terminated = { type: 'Terminated', ref: { path: ref.path, uid: ref.uid }, reason: { kind: 'not-found' } };
      this.delivery.send(null, watcher.ref, msg);
      return;
    }
    target.watchers.add(watcher);
    watcher.watching.add(target);
  }

  unwatch(watcher: Cell, ref: AnyRef): void {
    const target = this.registry.cellOf(ref);
    if (!target) return;
    target.watchers.delete(watcher);
    watcher.watching.delete(target);
  }

  /** Terminated to each watcher, from the dead actor's host, so it crosses the network as news does. */
  private tellWatchers(cell: Cell, reason: ExitReason): void {
    for (const watcher of cell.watchers) {
      watcher.watching.delete(cell);
      const msg: Terminated = { type: 'Terminated', ref: cell.ref, reason };
      this.delivery.send(cell.host !== null ? cell : null, watcher.ref, msg as Message, false);
    }
    cell.watchers.clear();
  }

  setStatus(cell: Cell, status: Status, reason?: ExitReason | { kind: 'host-crashed' }): void {
    cell.status = status;
    const trace = this.trace;
    if (trace !== null) {
      const kind = cell.def.kind;
      if (status === 'starting') {
        if (cell.incarnation === 1) trace.spawned(cell.path, kind, cell.fromSpec);
        else trace.restarted(cell.path, kind, cell.incarnation, cell.restarts);
      } else if (status === 'stopped') trace.stopped(cell.path, reason ?? { kind: 'shutdown' });
      else trace.status(cell.path, status, cell.restarts);
    }
    if (this.changeSubject.observed) this.changeSubject.next({ path: cell.path, kind: cell.def.kind, status: cell.status, restarts: cell.restarts });
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
