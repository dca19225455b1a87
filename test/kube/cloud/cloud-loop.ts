// A cloud controller's reconcile run against the real apiserver registry (ControllerLoop) and the
// cloud's pure core, with no actors: each cloud call a reconcile returns is answered at once by
// the core, folded into the view as the actor shell does, and its key is looked at again in the
// next round. `settle` steps until a round neither writes nor calls the cloud.

import type { CloudCall } from '../../../protocols/kube/cloud.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { keyOf, type Listers, type Notification, type ReconcileResult } from '../../../actors/client/index.ts';
import { handle, newCloud, type CloudOptions, type CloudState } from '../../../actors/cloud-provider/cloud.ts';
import type { CloudLoopSpec } from '../../../actors/cloud-controller-manager/cloud-loop.ts';
import { absorb, type CloudView, emptyView, forgetOnFailure } from '../../../actors/cloud-controller-manager/view.ts';
import { ControllerLoop, type Round } from '../controllers/loop.ts';

/** Stands for the work queue's rate-limited requeue after a failed call. */
export const FAILURE_BACKOFF_MS = 5_000;

type Spec = Pick<CloudLoopSpec, 'informers' | 'keysFor' | 'reconcile'>;

export interface CloudRound extends Round {
  readonly cloudCalls: readonly CloudCall[];
}

export class CloudLoop {
  readonly cloud: CloudState;
  view: CloudView = emptyView();
  readonly loop: ControllerLoop;
  /** Every cloud call made, in order. */
  readonly calls: CloudCall[] = [];
  /** Every event reported, in order: reconcile events and call outcomes. */
  readonly events: { reason: string; message: string; type: string }[] = [];
  private roundCalls: CloudCall[] = [];

  constructor(spec: Spec, cloud: CloudOptions | CloudState = {}) {
    this.cloud = 'instances' in cloud && 'pool' in cloud ? cloud : newCloud(cloud as CloudOptions);
    this.loop = new ControllerLoop({
      informers: spec.informers,
      keysFor: (i: string, n: Notification, l: Listers) => (spec.keysFor ? spec.keysFor(i, n, l) : [keyOf(n.obj)]),
      reconcile: (key: string, listers: Listers, now: number): ReconcileResult => {
        const r = spec.reconcile(key, listers, this.view, now);
        const events = [...(r.events ?? [])];
        let failed = false;
        for (const a of r.cloud ?? []) {
          this.calls.push(a.call);
          this.roundCalls.push(a.call);
          const reply = handle(this.cloud, a.call);
          if (reply.ok) {
            absorb(this.view, a.call, reply.result, now);
            if (a.ref) for (const e of a.onSuccess ?? []) events.push({ ref: a.ref, ...e });
          } else {
            failed = true;
            forgetOnFailure(this.view, a.call);
            if (a.ref && a.onFailure) events.push({ ref: a.ref, ...a.onFailure, message: a.onFailure.message + reply.error });
          }
        }
        this.events.push(...events.map((e) => ({ reason: e.reason, message: e.message, type: e.type })));
        // As the shell: at once after the cloud answered, after a backoff when it failed.
        const again = failed ? FAILURE_BACKOFF_MS : (r.cloud ?? []).length > 0 ? 0 : undefined;
        const requeueAfter = again ?? r.requeueAfter;
        return { writes: r.writes, events, ...(requeueAfter === undefined ? {} : { requeueAfter }) };
      },
    });
  }

  get now(): number {
    return this.loop.now;
  }

  /** A controller restart: its caches and its view of the cloud are gone. */
  restart(): void {
    this.loop.restart();
    this.view = emptyView();
  }

  step(): CloudRound {
    this.roundCalls = [];
    const r = this.loop.step();
    return { ...r, cloudCalls: this.roundCalls };
  }

  settle(maxRounds = 50): CloudRound[] {
    const out: CloudRound[] = [];
    for (let i = 0; i < maxRounds; i++) {
      const r = this.step();
      out.push(r);
      if (r.writes.length === 0 && r.cloudCalls.length === 0) return out;
    }
    throw new Error(`the controller wrote or called the cloud in each of ${maxRounds} rounds`);
  }

  /** Moves time on by `ms` in steps of `every`, stepping after each. */
  run(ms: number, every = 1_000): void {
    for (let t = 0; t < ms; t += every) {
      this.loop.advance(every);
      this.settle();
    }
  }

  create(obj: KubeObject): KubeObject {
    return this.loop.create(obj);
  }
  get(kind: string, name: string, ns?: string): KubeObject | undefined {
    return this.loop.get(kind, name, ns);
  }
}
