// A Deployment under test: the deployment controller run by ControllerLoop against the real
// registry, and a stand-in for the ReplicaSet controller and kubelets: after each round every
// ReplicaSet reports spec.replicas pods, of which the available ones grow by `grow` per round
// (all at once by default); a shrinking ReplicaSet loses its unavailable pods first, as the
// ReplicaSet controller picks its victims.

import { ControllerLoop, type Round } from '../loop.ts';
import { Registry } from '../../apiserver/harness.ts';
import { type DeploymentMemory, deploymentControllerSpec } from '../../../../actors/kube-controller-manager/deployment/controller.ts';
import type { Deployment, ReplicaSet } from '../../../../actors/kube-controller-manager/deployment/types.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';


export interface DeploymentOptions {
  readonly name?: string;
  readonly replicas?: number;
  readonly image?: string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly paused?: boolean;
  readonly progressDeadlineSeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly minReadySeconds?: number;
}

export function deploymentManifest(o: DeploymentOptions = {}): KubeObject {
  const name = o.name ?? 'web';
  const rolling = o.maxSurge !== undefined || o.maxUnavailable !== undefined ? { rollingUpdate: { ...(o.maxSurge === undefined ? {} : { maxSurge: o.maxSurge }), ...(o.maxUnavailable === undefined ? {} : { maxUnavailable: o.maxUnavailable }) } } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: o.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: o.image ?? 'nginx:1.14.2' }] } },
      ...(o.strategy === 'Recreate' ? { strategy: { type: 'Recreate' } } : { strategy: { type: 'RollingUpdate', ...rolling } }),
      ...(o.paused === undefined ? {} : { paused: o.paused }),
      ...(o.progressDeadlineSeconds === undefined ? {} : { progressDeadlineSeconds: o.progressDeadlineSeconds }),
      ...(o.revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit: o.revisionHistoryLimit }),
      ...(o.minReadySeconds === undefined ? {} : { minReadySeconds: o.minReadySeconds }),
    },
  };
}

export class Rig {
  readonly loop: ControllerLoop<DeploymentMemory>;
  readonly events: string[] = [];
  /** Available pods gained per ReplicaSet per round; Infinity: ready at once. */
  grow: (rs: ReplicaSet) => number = () => Infinity;

  constructor(
    readonly name = 'web',
    registry = new Registry(),
  ) {
    this.loop = new ControllerLoop(deploymentControllerSpec(DEFAULT_EPOCH_MS), registry);
  }

  create(o: DeploymentOptions = {}): this {
    this.loop.create(deploymentManifest({ name: this.name, ...o }));
    return this;
  }

  deployment(): Deployment {
    return this.loop.get('deploy', this.name, 'default') as Deployment;
  }

  replicaSets(): ReplicaSet[] {
    return this.loop.list('rs', 'default') as ReplicaSet[];
  }

  /** Replica counts by image, e.g. { 'nginx:1.14.2': 3 }. */
  sizes(): Record<string, number> {
    return Object.fromEntries(this.replicaSets().map((rs) => [rs.spec!.template!.spec!.containers[0]!.image!, rs.spec!.replicas!]));
  }

  edit(f: (d: Deployment) => void): void {
    const d = structuredClone(this.deployment());
    f(d);
    this.loop.apply(updateCall(d as KubeObject));
  }

  setImage(image: string): void {
    this.edit((d) => {
      d.spec!.template.spec!.containers[0]!.image = image;
    });
  }

  /** The stand-in ReplicaSet controller's pass; whether it wrote. */
  standIn(): boolean {
    let wrote = false;
    for (const rs of this.replicaSets()) {
      const want = rs.spec?.replicas ?? 0;
      const prev = Math.min(want, rs.status?.availableReplicas ?? 0);
      const available = Math.min(want, prev + this.grow(rs));
      const status = { replicas: want, fullyLabeledReplicas: want, readyReplicas: available, availableReplicas: available, observedGeneration: rs.metadata!.generation! };
      if (JSON.stringify({ ...rs.status, ...status }) === JSON.stringify(rs.status)) continue;
      this.loop.apply(updateCall({ ...(rs as KubeObject), apiVersion: 'apps/v1', kind: 'ReplicaSet', status: { ...rs.status, ...status } }, { subresource: 'status' }));
      wrote = true;
    }
    return wrote;
  }

  /** One controller round, then the stand-in; virtual time moves `ms` first. */
  round(ms = 1000): Round & { readonly standInWrote: boolean } {
    this.loop.advance(ms);
    const r = this.loop.step();
    for (const e of r.events) this.events.push(`${e.reason}: ${e.message}`);
    return { ...r, standInWrote: this.standIn() };
  }

  /** Rounds until neither the controller nor the stand-in writes. */
  settle(max = 60): number {
    for (let i = 1; i <= max; i++) {
      const r = this.round();
      const failed = r.results.filter((x) => !x.ok);
      if (failed.length > 0 && i === max) throw new Error(`failed writes: ${JSON.stringify(failed.map((f) => f.body))}`);
      if (r.writes.length === 0 && !r.standInWrote) return i;
    }
    throw new Error(`no fixed point in ${max} rounds`);
  }

  condition(type: string) {
    return this.deployment().status?.conditions?.find((c) => c.type === type);
  }
}
