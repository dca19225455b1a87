// `s.kube`: a script speaks Kubernetes objects to the cluster's apiservers through a client actor
// of its own. Every call is a traced external step; the script waits in virtual time for the
// answer, and a failure throws a KubeError carrying the apiserver's Status.

import type { ApiCall, ApiResult, DeleteOptions, KubeWatchEvent, ListOptions, ObjectList, PatchType, Target } from '../../protocols/kube/api.ts';
import { KubeError } from '../../protocols/kube/kube-error.ts';
import type { CustomResourceDefinition, KubeObject } from '../../protocols/kube/objects.ts';
import { resolveResource } from '../../protocols/kube/resolve.ts';
import { crdResources, isEstablished } from '../../protocols/kube/crd-resources.ts';
import { apiVersionOf, resourceForKind, type ResourceInfo } from '../../protocols/kube/resources.ts';
import { badRequest } from '../../protocols/kube/status.ts';
import { targetOf } from '../../actors/client/requests.ts';
import { parseManifests } from './manifests.ts';
import type { ScriptClientMsg, ScriptClientState } from './client-actor.ts';

/** What KubeApi needs of the scenario: its traced sends, waits and the client's state. */
export interface KubePort {
  readonly state: () => ScriptClientState | undefined;
  readonly send: (msg: ScriptClientMsg) => void;
  readonly until: (predicate: () => boolean, withinMs: number) => Promise<boolean>;
  readonly now: () => number;
  /** The bearer token every call carries: the cluster admin's. */
  readonly token?: string;
}

export interface Namespaced {
  readonly namespace?: string;
}

/** How long a call may take before the script fails: long enough for a replica to fail over. */
const CALL_WITHIN_MS = 120_000;

export class KubeApi {
  private nextId = 1;
  private readonly watches = new Map<number, KubeWatch>();

  constructor(private readonly port: KubePort) {}

  /** The same API, its calls carrying another bearer token (none: anonymous). */
  as(token: string | undefined): KubeApi {
    const { token: _, ...port } = this.port;
    const other = new KubeApi(token === undefined ? port : { ...port, token });
    // Ids stay unique across the views: they share one client actor.
    other.nextId = this.nextId + 1_000_000;
    return other;
  }

  /** Where the client actor reports watch events (see scriptClient's `heard`). */
  heard(watchId: number, event: KubeWatchEvent): void {
    this.watches.get(watchId)?.onEvent?.(event);
  }

  /** Creates each object, or updates it when it exists; several YAML documents allowed. */
  async apply(manifests: string | KubeObject | readonly KubeObject[]): Promise<KubeObject[]> {
    const objects = typeof manifests === 'string' ? parseManifests(manifests) : Array.isArray(manifests) ? manifests : [manifests as KubeObject];
    const out: KubeObject[] = [];
    for (const obj of objects) {
      const r = (await this.kindOfObject(obj));
      const target = this.target(r, obj.metadata.namespace, undefined);
      const created = await this.call({ verb: 'create', target, body: obj });
      if (created.ok || created.body.reason !== 'AlreadyExists') {
        out.push(this.unwrap(created) as KubeObject);
        continue;
      }
      const named = { ...target, name: obj.metadata.name };
      const current = (await this.must({ verb: 'get', target: named })) as KubeObject;
      const body = { ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata.resourceVersion } };
      out.push((await this.must({ verb: 'update', target: named, body })) as KubeObject);
    }
    return out;
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    const r = (await this.kindOfObject(obj));
    return (await this.must({ verb: 'create', target: this.target(r, obj.metadata.namespace, undefined), body: obj })) as KubeObject;
  }

  async get(kind: string, name: string, options: Namespaced = {}): Promise<KubeObject> {
    return (await this.must({ verb: 'get', target: this.target((await this.kind(kind)), options.namespace, name) })) as KubeObject;
  }

  /** The object, or undefined when it does not exist. */
  async find(kind: string, name: string, options: Namespaced = {}): Promise<KubeObject | undefined> {
    const result = await this.call({ verb: 'get', target: this.target((await this.kind(kind)), options.namespace, name) });
    if (!result.ok && result.code === 404) return undefined;
    return this.unwrap(result) as KubeObject;
  }

  /** Across all namespaces when `namespace` is left out. */
  async list(kind: string, options: Namespaced & ListOptions = {}): Promise<ObjectList> {
    const { namespace, ...list } = options;
    const r = (await this.kind(kind));
    return (await this.must({ verb: 'list', target: targetOf(r, { namespace }), options: list })) as ObjectList;
  }

  async update(obj: KubeObject, options: { readonly subresource?: string } = {}): Promise<KubeObject> {
    const r = (await this.kindOfObject(obj));
    const target = { ...this.target(r, obj.metadata.namespace, obj.metadata.name), ...(options.subresource ? { subresource: options.subresource } : {}) };
    return (await this.must({ verb: 'update', target, body: obj })) as KubeObject;
  }

  async patch(kind: string, name: string, patch: unknown, options: Namespaced & { readonly type?: PatchType; readonly fieldManager?: string; readonly force?: boolean } = {}): Promise<KubeObject> {
    const target = this.target((await this.kind(kind)), options.namespace, name);
    const text = typeof patch === 'string' ? patch : JSON.stringify(patch);
    const patchOptions = { ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}), ...(options.force ? { force: true } : {}) };
    return (await this.must({ verb: 'patch', target, patchType: options.type ?? 'strategic', patch: text, options: patchOptions })) as KubeObject;
  }

  async delete(kind: string, name: string, options: Namespaced & DeleteOptions = {}): Promise<KubeObject> {
    const { namespace, ...del } = options;
    return (await this.must({ verb: 'delete', target: this.target((await this.kind(kind)), namespace, name), options: del })) as KubeObject;
  }

  /**
   * Watches `kind`; every event so far is in `events`, in order. `onEvent` is called as each
   * arrives, inside the run: it must not wait on anything.
   */
  async watch(kind: string, options: Namespaced & ListOptions = {}, onEvent?: (e: KubeWatchEvent) => void): Promise<KubeWatch> {
    const { namespace, ...list } = options;
    const r = (await this.kind(kind));
    const id = this.nextId++;
    const target = targetOf(r, { namespace });
    const watch = new KubeWatch(id, this.port, onEvent);
    this.watches.set(id, watch);
    this.port.send({ type: 'StartWatch', id, target, options: list, ...(this.port.token ? { token: this.port.token } : {}) });
    return watch;
  }

  /** Waits until the object exists and `predicate` holds of it, polling every second of virtual time. */
  async waitFor(kind: string, name: string, predicate: (obj: KubeObject) => boolean, options: Namespaced & { readonly within: number } = { within: 60_000 }): Promise<KubeObject> {
    const deadline = this.port.now() + options.within;
    for (;;) {
      const obj = await this.find(kind, name, options);
      if (obj !== undefined && predicate(obj)) return obj;
      if (this.port.now() >= deadline) throw new Error(`waitFor ${kind} "${name}": the condition did not hold within ${options.within} ms`);
      await this.port.until(() => false, Math.min(1000, deadline - this.port.now()));
    }
  }

  /** One call, its result as the apiserver gave it. */
  async call(call: ApiCall): Promise<ApiResult> {
    const id = this.nextId++;
    this.port.send({ type: 'Do', id, call, ...(this.port.token ? { token: this.port.token } : {}) });
    const state = () => this.port.state();
    await this.port.until(() => state()?.results.has(id) === true, CALL_WITHIN_MS);
    const result = state()?.results.get(id);
    if (result === undefined) throw new Error(`${call.verb} ${call.target.resource}: no apiserver answered within ${CALL_WITHIN_MS / 1000} s`);
    state()!.results.delete(id);
    return result;
  }

  private async must(call: ApiCall): Promise<KubeObject | ObjectList> {
    return this.unwrap(await this.call(call));
  }

  private unwrap(result: ApiResult): KubeObject | ObjectList {
    if (!result.ok) throw new KubeError(result.body);
    return result.body;
  }

  /** Built-in names first; then the served custom resources, as kubectl's discovery finds them. */
  private async kind(kind: string): Promise<ResourceInfo> {
    const r = resolveResource(kind);
    if (r.ok) return r.resource;
    const custom = resolveResource(kind, await this.customResources());
    if (!custom.ok) throw new KubeError(badRequest(custom.message));
    return custom.resource;
  }

  private async kindOfObject(obj: KubeObject): Promise<ResourceInfo> {
    const r = resourceForKind(obj.apiVersion, obj.kind) ?? (await this.customResources()).find((c) => apiVersionOf(c) === obj.apiVersion && c.kind === obj.kind);
    if (r === undefined) throw new KubeError(badRequest(`no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`));
    return r;
  }

  private async customResources(): Promise<ResourceInfo[]> {
    const crds = (await this.must({ verb: 'list', target: { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } })) as ObjectList;
    return (crds.items as unknown as CustomResourceDefinition[]).filter(isEstablished).flatMap(crdResources);
  }

  /** A named object's target, or a collection's to create in: namespaced ones default to `default`. */
  private target(r: ResourceInfo, namespace: string | undefined, name: string | undefined): Target {
    return targetOf(r, { ...(r.namespaced ? { namespace: namespace ?? 'default' } : {}), ...(name !== undefined ? { name } : {}) });
  }
}

export class KubeWatch {
  constructor(
    readonly id: number,
    private readonly port: KubePort,
    readonly onEvent?: (e: KubeWatchEvent) => void,
  ) {}

  /** Every event received so far. */
  get events(): readonly KubeWatchEvent[] {
    return this.port.state()?.events.get(this.id) ?? [];
  }

  get closed(): boolean {
    return this.port.state()?.closedWatches.has(this.id) ?? true;
  }

  stop(): void {
    this.port.send({ type: 'EndWatch', id: this.id });
  }
}
