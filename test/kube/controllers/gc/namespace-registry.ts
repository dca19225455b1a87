// A stand-in for two apiserver behaviours the namespace controller relies on and the registry
// does not have yet (see the report): DELETE of a namespace whose spec.finalizers are not empty
// marks it (deletionTimestamp, phase Terminating) instead of removing it; a status update of such
// a namespace keeps it (ShouldDeleteDuringUpdate asks for spec.finalizers empty too); and
// namespaces/<name>/finalize replaces spec.finalizers. These write straight to the store; every
// other call goes to the real registry.

import type { ApiCall, ApiResult } from '../../../../protocols/kube/api.ts';
import type { KubeObject, Namespace } from '../../../../protocols/kube/objects.ts';
import { resourceFor } from '../../../../protocols/kube/resources.ts';
import { storageKey } from '../../../../protocols/kube/storage-keys.ts';
import { rfc3339 } from '../../../../protocols/kube/time.ts';
import { applyCommand } from '../../../../actors/etcd/mvcc/commands.ts';
import { encodeObject } from '../../../../actors/kube-apiserver/storage/codec.ts';
import { Registry } from '../../apiserver/harness.ts';

export class NamespaceRegistry extends Registry {
  private put(obj: KubeObject): ApiResult {
    const key = storageKey(resourceFor('', 'namespaces')!, '', obj.metadata.name!);
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const stored = { ...obj, metadata };
    applyCommand(this.store, { type: 'put', key, value: encodeObject(stored) });
    return { ok: true, code: 200, body: { ...stored, metadata: { ...metadata, resourceVersion: String(this.revision) } } };
  }

  override run(call: ApiCall): ApiResult {
    const t = call.target;
    if (t.resource !== 'namespaces' || t.group !== '' || t.name === undefined) return super.run(call);
    if (call.verb === 'update' && t.subresource === 'finalize') {
      const current = super.run({ verb: 'get', target: { ...t, subresource: undefined } as never });
      if (!current.ok) return current;
      const ns = current.body as Namespace;
      return this.put({ ...(ns as KubeObject), spec: { ...ns.spec, finalizers: (call.body as Namespace).spec?.finalizers ?? [] } } as KubeObject);
    }
    if (call.verb === 'update' && t.subresource === 'status') {
      const current = super.run({ verb: 'get', target: { ...t, subresource: undefined } as never });
      if (!current.ok) return current;
      const ns = current.body as Namespace;
      if (!ns.metadata?.deletionTimestamp || (ns.spec?.finalizers ?? []).length === 0) return super.run(call);
      const rv = call.body.metadata.resourceVersion;
      if (rv !== undefined && rv !== ns.metadata.resourceVersion) return { ok: false, code: 409, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Conflict', code: 409, message: 'conflict' } as never };
      return this.put({ ...(ns as KubeObject), status: (call.body as Namespace).status } as KubeObject);
    }
    if (call.verb === 'delete' && t.subresource === undefined) {
      const current = super.run({ verb: 'get', target: t });
      if (!current.ok) return current;
      const ns = current.body as Namespace;
      if ((ns.spec?.finalizers ?? []).length === 0) return super.run(call);
      if (ns.metadata?.deletionTimestamp) return { ok: true, code: 200, body: ns as KubeObject };
      return this.put({ ...(ns as KubeObject), metadata: { ...ns.metadata!, deletionTimestamp: rfc3339(this.nowMs) }, status: { ...ns.status, phase: 'Terminating' } } as KubeObject);
    }
    return super.run(call);
  }
}
