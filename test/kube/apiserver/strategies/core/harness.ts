// The create and update paths as the registry drives a strategy, for table tests.

import type { Strategy, StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { formatFieldError } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';

export const CTX: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };

export function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown> = {}, namespace?: string): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }) }, ...structuredClone(body) };
}

/** defaults, prepareForCreate, validate; the errors as Kubernetes prints them. */
export function create(s: Strategy, o: KubeObject, ctx = CTX): string[] {
  s.defaults(o);
  s.prepareForCreate(o, ctx);
  return s.validate(o, ctx).map(formatFieldError);
}

/** defaults, prepareForUpdate, validateUpdate of `next` over the stored `old`. */
export function update(s: Strategy, next: KubeObject, old: KubeObject, ctx = CTX): string[] {
  s.defaults(next);
  s.prepareForUpdate(next, old, ctx);
  return s.validateUpdate(next, old, ctx).map(formatFieldError);
}
