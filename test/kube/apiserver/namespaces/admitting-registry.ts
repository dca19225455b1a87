// The registry with the admission chain on, its listers read live from the store (no quotas,
// limit ranges or classes): what a test needs to see NamespaceLifecycle answer inside a request,
// as a replica's watch cache would.

import type { RegistryEnv } from '../../../../actors/kube-apiserver/registry/index.ts';
import type { ApiCall, ApiResult, Target } from '../../../../protocols/kube/api.ts';
import type { KubeObject, Namespace, Node, Pod, ServiceAccount } from '../../../../protocols/kube/objects.ts';
import { Registry } from '../harness.ts';

export const NAMESPACES: Target = { group: '', version: 'v1', resource: 'namespaces' };
export const nsTarget = (name: string, subresource?: string): Target => ({ ...NAMESPACES, name, ...(subresource ? { subresource } : {}) });
export const namespace = (name: string, extra: Partial<Namespace> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra }) as KubeObject;
export const configMap = (name: string, ns: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { k: 'v' } });
export const cmTarget = (ns: string, name?: string): Target => ({ group: '', version: 'v1', resource: 'configmaps', namespace: ns, ...(name ? { name } : {}) });

export class AdmittingRegistry extends Registry {
  override get env(): RegistryEnv {
    const get = <T>(resource: string, name: string, namespace?: string) => {
      const r = this.run({ verb: 'get', target: { group: '', version: 'v1', resource, name, ...(namespace ? { namespace } : {}) } });
      return r.ok ? (r.body as T) : undefined;
    };
    return {
      ...super.env,
      admission: {
        namespace: (name) => get<Namespace>('namespaces', name),
        limitRanges: () => [],
        resourceQuotas: () => [],
        serviceAccount: (ns, name) => get<ServiceAccount>('serviceaccounts', name, ns),
        storageClasses: () => [],
        priorityClasses: () => [],
        pod: (ns, name) => get<Pod>('pods', name, ns),
        node: (name) => get<Node>('nodes', name),
      },
    };
  }

  /** The namespaces every cluster has, as the apiserver bootstraps them. */
  withSystemNamespaces(): this {
    for (const n of ['default', 'kube-system', 'kube-public']) this.must({ verb: 'create', target: NAMESPACES, body: namespace(n) });
    return this;
  }

  must(call: ApiCall): KubeObject {
    const r = this.run(call);
    if (!r.ok) throw new Error(`${call.verb} ${call.target.resource}/${call.target.name ?? ''}: ${r.body.message}`);
    return r.body as KubeObject;
  }

  nsOf(name: string): Namespace | undefined {
    const r: ApiResult = this.run({ verb: 'get', target: nsTarget(name) });
    return r.ok ? (r.body as Namespace) : undefined;
  }
}
