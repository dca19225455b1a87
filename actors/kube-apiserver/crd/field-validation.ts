// fieldValidation for custom resources: their codec prunes what the CRD's structural schema does
// not declare, and the pruned paths are reported as the strict decoder reports a built-in kind's
// unknown fields (`unknown field "spec.foo"`, sorted): a warning each under Warn (the default), a
// 400 under Strict, nothing under Ignore.

import type { FieldValidation } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { badRequest } from '../../../protocols/kube/status.ts';
import { type DecodeOutcome, MAX_STRICT_ERRORS, strictDecodingMessage, unknownFieldError } from '../schema/unknown-fields.ts';
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
