// GET and LIST straight from etcd: a get with no resourceVersion is a linearizable read of the
// key, as Kubernetes serves it. Lists from etcd serve the replica until its watch cache is ready.

import type { GetOptions, ListOptions, ObjectList, Target } from '../../../protocols/kube/api.ts';
import type { RangeResponse } from '../../../protocols/etcd/kv.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import { apiVersionOf, type ResourceInfo } from '../../../protocols/kube/resources.ts';
import { badRequest, notFound } from '../../../protocols/kube/status.ts';
import { storageKey, storageListPrefix } from '../../../protocols/kube/storage-keys.ts';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../../protocols/kube/validation/index.ts';
import { decodeObject } from '../storage/codec.ts';
import type { RegistryEnv } from './env.ts';
import { answer, etcd, fail, readKey, type Step } from './step.ts';

export function get(r: ResourceInfo, target: Target, _options: GetOptions): Step {
  return readKey(storageKey(r, target.namespace ?? '', target.name ?? ''), (kv) =>
    kv === undefined ? fail(notFound({ group: r.group, resource: r.resource }, target.name ?? '')) : answer(200, decodeObject(kv)),
  );
}

/** The fields every object can be selected by, and the kind's own (GetAttrs). */
export function fieldsOf(obj: KubeObject, r: ResourceInfo, env: RegistryEnv): Record<string, string> {
  return {
    'metadata.name': obj.metadata.name ?? '',
    ...(r.namespaced ? { 'metadata.namespace': obj.metadata.namespace ?? '' } : {}),
    ...(env.strategyFor(r).selectableFields?.(obj) ?? {}),
  };
}

/** A matcher for a list or watch's selectors, or the 400 for a bad one. */
export function selectorMatcher(r: ResourceInfo, options: ListOptions, env: RegistryEnv): ((obj: KubeObject) => boolean) | Step {
  const labels = parseLabelSelector(options.labelSelector ?? '');
  if (!labels.ok) return fail(badRequest(`unable to parse requirement: ${labels.error}`));
  const fields = parseFieldSelector(options.fieldSelector ?? '');
  if (!fields.ok) return fail(badRequest(fields.error));
  // A strategy's selectableFields names every field it supports, absent values included.
  const known = fieldsOf({ apiVersion: '', kind: '', metadata: {} }, r, env);
  const unsupported = fields.value.terms.find((t) => !(t.field in known));
  if (unsupported) return fail(badRequest(`field label not supported: ${unsupported.field}`));
  return (obj) => matchesLabels(labels.value, obj.metadata.labels ?? {}) && matchesFields(fields.value, fieldsOf(obj, r, env));
}

export function listFromEtcd(r: ResourceInfo, target: Target, options: ListOptions, env: RegistryEnv): Step {
  const match = selectorMatcher(r, options, env);
  if (typeof match !== 'function') return match;
  const prefix = storageListPrefix(r, target.namespace ?? '');
  const rangeEnd = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return etcd<RangeResponse>({ type: 'range', key: prefix, rangeEnd }, (res) => {
    const items = res.kvs.map(decodeObject).filter(match);
    const list: ObjectList = { apiVersion: apiVersionOf(r), kind: `${r.kind}List`, metadata: { resourceVersion: String(res.header.revision) }, items };
    return answer(200, list);
  });
}
