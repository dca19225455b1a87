// The strategy that serves the custom resources of one CRD version (apiextensions-apiserver's
// customResourceStrategy): the codec's pruning and schema defaulting, validation against the
// version's schema, generation bumped on any change outside metadata (and status, when the
// status subresource is on), and the main resource and /status each keeping the other's part.

import type { FieldError } from '../../../protocols/kube/field-errors.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { nameIsDNSSubdomain } from '../../../protocols/kube/validation/index.ts';
import { semanticEqual } from '../strategies/meta.ts';
import type { Strategy } from '../strategies/types.ts';
import { validateEmbeddedResources } from './embedded.ts';
import { validateListSetsAndMaps } from './list-types.ts';
import { applyDefaults, prune } from './prune.ts';
import type { Schema } from './schema.ts';
import { validateCustomResource } from './validate.ts';

type Version = CustomResourceDefinition['spec']['versions'][number];

/** The served version `name` of `crd`, or undefined. */
export function crdVersion(crd: CustomResourceDefinition, name: string): Version | undefined {
  return crd.spec.versions.find((v) => v.name === name && v.served);
}

const withoutParts = (o: KubeObject, parts: readonly string[]): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => !parts.includes(k)));

/** A selectable field's value (CustomResourceFieldSelectors): a scalar as text, anything else or nothing as "". */
function fieldValue(obj: KubeObject, jsonPath: string): string {
  let v: unknown = obj;
  for (const part of jsonPath.replace(/^\./, '').split('.')) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export interface CustomResourceStrategy extends Strategy {
  /** The fields the last `defaults` call pruned from an object, for fieldValidation Warn/Strict: `unknown field "spec.x"`. */
  unknownFields(obj: KubeObject): readonly string[];
}

export function customResourceStrategy(version: Version): CustomResourceStrategy {
  const schema = version.schema?.openAPIV3Schema as Schema | undefined;
  const hasStatus = version.subresources?.status !== undefined;
  const ignored = hasStatus ? ['metadata', 'status'] : ['metadata'];
  const pruned = new WeakMap<object, string[]>();
  const validate = (obj: KubeObject): FieldError[] => [...validateEmbeddedResources(obj, schema), ...validateCustomResource(obj, schema), ...validateListSetsAndMaps(obj, schema)];
  return {
    nameValidator: nameIsDNSSubdomain,
    defaults(obj) {
      pruned.set(obj, prune(obj, schema));
      applyDefaults(obj, schema);
      return obj;
    },
    unknownFields: (obj) => pruned.get(obj) ?? [],
    schemaUnknownFields: (obj) => prune(structuredClone(obj) as Record<string, unknown>, schema),
    prepareForCreate(obj) {
      if (hasStatus) delete obj.status;
      obj.metadata = { ...obj.metadata, generation: 1 };
    },
    prepareForUpdate(obj, old) {
      if (hasStatus) {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      }
      const changed = !semanticEqual(withoutParts(obj, ignored), withoutParts(old, ignored));
      obj.metadata = { ...obj.metadata, generation: (old.metadata.generation ?? 1) + (changed ? 1 : 0) };
    },
    validate,
    validateUpdate: validate,
    selectableFields: (obj) => Object.fromEntries((version.selectableFields ?? []).map((f) => [f.jsonPath.replace(/^\./, ''), fieldValue(obj, f.jsonPath)])),
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: false,
    ...(hasStatus
      ? {
          status: {
            prepareForUpdate(obj: KubeObject, old: KubeObject) {
              const status = obj.status;
              for (const k of Object.keys(obj)) if (k !== 'status') delete obj[k];
              Object.assign(obj, structuredClone({ ...old, status }));
              if (status === undefined) delete obj.status;
            },
            validateUpdate: validate,
          },
        }
      : {}),
  };
}
