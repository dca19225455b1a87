// The scenario API: a cluster to start, a script of steps in virtual time, and named expectations.

import { type ActorDef, type ActorRef, host, type Message, type SpawnOptions } from '../runtime/index.ts';
import type { ActorSystem, InspectNode } from '../runtime/system/index.ts';
import { type LinkConfig, Simulation, type SimulationOptions } from '../runtime/kernel/index.ts';
import { Cluster, type ClusterSpec } from './cluster/index.ts';
import { parseDuration } from './duration.ts';
import { scriptClient, scriptClientStateKey, type ScriptClientMsg } from './kube/client-actor.ts';
import { KubeApi } from './kube/kube-api.ts';

/** The script's own machine, outside the cluster, and its Kubernetes client there. */
const KUBECTL_HOST = 'kubectl';
const CLIENT_ID = 'kube-client';

export interface Expectation {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ScenarioDefinition {
  readonly name: string;
  readonly description: string;
  /** Network defaults and disk timing for the run. */
  readonly config?: Pick<SimulationOptions, 'network' | 'fsyncMs' | 'supervision'>;
  /** Starts the hosts and actors: the cluster in its initial state. */
  readonly setup: (s: ScenarioContext) => void;
  /** The steps, in virtual time. */
  readonly script: (s: ScenarioContext) => Promise<void>;
}

export function defineScenario(def: ScenarioDefinition): ScenarioDefinition {
  return def;
}

export type Duration = string | number;

/** What a scenario's setup and script can do. Every step is traced as an external input. */
export class ScenarioContext {
  readonly expectations: Expectation[] = [];
  private running: Cluster | null = null;
  private kubeApi: KubeApi | null = null;

  constructor(readonly sim: Simulation) {}

  get system(): ActorSystem {
    return this.sim.system;
  }

  now(): number {
    return this.sim.clock.now();
  }

  spawn<M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions): ActorRef<M> {
    return this.step({ step: 'spawn', name: options.name }, () => this.system.spawn(def, options));
  }

  /**
   * Starts the cluster, once, in `setup`: `s.cluster({ controlPlanes, workers, etcd: 'stacked' |
   * 'external', etcdMembers })`, every option defaulted (the default cluster). Called again
   * without a spec, it returns the running cluster.
   */
  cluster(spec?: ClusterSpec): Cluster {
    if (this.running !== null) {
      if (spec !== undefined) throw new Error('s.cluster(spec): a cluster is already running; start it once, in setup, and call s.cluster() to reach it');
      return this.running;
    }
    // The hosts it starts now are part of this step; one it starts later (a member added) is a step of its own.
    let building = true;
    const spawn = <M extends Message, S>(def: ActorDef<M, S>, options: SpawnOptions) => (building ? this.system.spawn(def, options) : this.spawn(def, options));
    this.running = this.step({ step: 'cluster', spec: spec ?? {} }, () => new Cluster(this.system, spawn, spec));
    building = false;
    return this.running;
  }

  /**
   * The cluster's Kubernetes API, through a client of the script's own on a host of its own
   * (`kubectl`, outside the cluster), which uses every control plane's apiserver.
   */
  get kube(): KubeApi {
    if (this.kubeApi !== null) return this.kubeApi;
    const cluster = this.cluster();
    const replicas = cluster.topology.controlPlanes;
    if (replicas.length === 0) throw new Error('s.kube: the cluster has no control plane, so no apiserver to talk to');
    const path = `/${KUBECTL_HOST}/${CLIENT_ID}`;
    const api: KubeApi = new KubeApi({
      state: () => this.system.stateOf(path, scriptClientStateKey),
      send: (msg) => this.send<ScriptClientMsg>(path, msg),
      until: (p, within) => this.sim.until(p, within),
      now: () => this.now(),
      token: cluster.token('admin'),
    });
    this.spawn(host({ children: [{ id: CLIENT_ID, actor: scriptClient(replicas, (id, e) => api.heard(id, e)) }] }), { name: KUBECTL_HOST, restart: 'permanent' });
    this.kubeApi = api;
    return api;
  }

  /** The ref of the actor at `path`; fails the scenario if none runs there. */
  ref<M extends Message>(path: string): ActorRef<M> {
    const r = this.system.lookup<M>(path);
    if (!r) throw new Error(`no actor runs at ${path}`);
    return r;
  }

  send<M extends Message>(to: ActorRef<M> | string, msg: NoInfer<M>): void {
    const ref = typeof to === 'string' ? this.ref<M>(to) : to;
    this.step({ step: 'send', to: ref.path, type: msg.type }, () => this.system.send(ref, msg));
  }

  async advance(d: Duration): Promise<void> {
    await this.sim.advance(parseDuration(d, 'advance'));
  }

  /** Runs until `predicate` holds, for at most `within`; returns whether it held. */
  async until(predicate: () => boolean, options: { within: Duration }): Promise<boolean> {
    return this.sim.until(predicate, parseDuration(options.within, 'until'));
  }

  crashHost(name: string) {
    return this.sim.crashHost(name);
  }

  restartHost(name: string): void {
    this.sim.restartHost(name);
  }

  crashActor(path: string, error?: string): void {
    this.sim.crashActor(path, error);
  }

  stopActor(path: string): void {
    this.step({ step: 'stop', path }, () => this.system.stop(this.ref(path)));
  }

  partition(...groups: string[][]): void {
    this.sim.partition(...groups);
  }

  heal(): void {
    this.sim.heal();
  }

  hold(from: string, to: string): void {
    this.sim.hold(from, to);
  }

  release(from: string, to: string): void {
    this.sim.release(from, to);
  }

  link(a: string, b: string, config: Partial<LinkConfig>): void {
    this.sim.link(a, b, config);
  }

  inspect(): InspectNode {
    return this.system.inspect();
  }

  /** A named expectation; every one is reported, passed or failed. */
  expect(name: string, ok: boolean, detail = ''): boolean {
    this.expectations.push({ name, ok, detail });
    return ok;
  }

  private step<T>(detail: unknown, f: () => T): T {
    this.sim.external(detail);
    try {
      return f();
    } finally {
      this.sim.endExternal();
    }
  }
}
