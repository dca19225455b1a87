// fieldValidation for custom resources: their codec prunes what the CRD's structural schema does
// not declare, and the pruned paths are reported as the strict decoder reports a built-in kind's
// unknown fields (`unknown field "spec.foo"`, sorted): a warning each under Warn (the default), a
// 400 under Strict, nothing under Ignore.

import type { FieldValidation } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { fieldError } from '../../../protocols/kube/field-errors.ts';
import { badRequest, invalid } from '../../../protocols/kube/status.ts';
import { type DecodeOutcome, MAX_STRICT_ERRORS, strictDecodingMessage, unknownFieldError } from '../schema/unknown-fields.ts';
import type { PatchOutcome } from '../patch/index.ts';
import type { Strategy } from '../strategies/types.ts';

export function withSchemaUnknownFields<T extends KubeObject>(decoded: DecodeOutcome<T>, strategy: Strategy, r: ResourceInfo, directive: FieldValidation = 'Warn'): DecodeOutcome<T> {
  if (!decoded.ok || directive === 'Ignore' || strategy.schemaUnknownFields === undefined) return decoded;
  const paths = strategy.schemaUnknownFields(decoded.object);
  if (paths.length === 0) return decoded;
  const errors = paths.slice(0, MAX_STRICT_ERRORS).map(unknownFieldError);
  if (directive === 'Warn') return { ...decoded, warnings: [...decoded.warnings, ...errors] };
  const body = decoded.object;
  const kind = typeof body.kind === 'string' && body.kind !== '' ? body.kind : r.kind;
  const version = typeof body.apiVersion === 'string' && body.apiVersion !== '' ? body.apiVersion.split('/').pop()! : r.version;
  return { ok: false, status: badRequest(`${kind} in version "${version}" cannot be handled as a ${r.kind}: ${strictDecodingMessage(errors)}`) };
}

/**
 * The same for a patched custom resource (a JSON or merge patch): the patcher decodes the patched
 * JSON with the resource's codec, whose pruning finds the undeclared fields; under Strict they
 * refuse the patch as an invalid `patch` value, as its own strict errors do (patch.go).
 */
export function withPatchedSchemaUnknownFields(patched: PatchOutcome, strategy: Strategy, directive: FieldValidation = 'Warn'): PatchOutcome {
  if (!patched.ok || directive === 'Ignore' || strategy.schemaUnknownFields === undefined) return patched;
  const paths = strategy.schemaUnknownFields(patched.object);
  if (paths.length === 0) return patched;
  const errors = [...patched.warnings, ...paths.map(unknownFieldError)].slice(0, MAX_STRICT_ERRORS);
  if (directive === 'Warn') return { ...patched, warnings: errors };
  return { ok: false, status: invalid({ group: '', kind: '' }, '', [fieldError.invalid('patch', JSON.stringify(patched.object), strictDecodingMessage(errors))]) };
}
