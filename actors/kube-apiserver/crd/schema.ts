// The structural schema of a CRD version (apiextensions.k8s.io/v1 JSONSchemaProps), with the
// Kubernetes extensions the validator and the pruner read.

import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.d.ts';

export interface Schema extends Omit<JSONSchemaProps, 'properties' | 'items' | 'additionalProperties' | 'allOf' | 'anyOf' | 'oneOf' | 'not'> {
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
}

/** The JSON type name kube-openapi gives a decoded value (integers apart from other numbers). */
export function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A child's path as kube-openapi builds it: dotted names, bracketed indexes, no leading dot. */
export const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
export const indexPath = (path: string, i: number): string => `${path}[${i}]`;

/** Go's %v of a float64 or int64: shortest digits, exponent below 1e-4 or from 1e21, two-digit exponents. */
export function goNumber(n: number): string {
  if (n !== 0 && Math.abs(n) < 1e-4) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(n);
}
