// Probes and lifecycle hooks (validateProbe, validateHandler, validateLifecycle): one handler,
// its action's fields, and the probe's counters.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isValidPortName, isValidPortNum } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, rec, str } from './json.ts';

const SCHEMES = ['HTTP', 'HTTPS'];

/** ValidatePortNumOrName: an IntOrString port. */
export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => fieldError.invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => fieldError.invalid(path, port, m));
  return isValidPortNum(0).map((m) => fieldError.invalid(path, 0, m));
}

function validateAction(kind: string, a: J, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  switch (kind) {
    case 'exec':
      return Array.isArray(a.command) && a.command.length > 0 ? [] : [fieldError.required(path.child('command'))];
    case 'httpGet': {
      const errs = str(a.path) === '' ? [fieldError.required(path.child('path'))] : [];
      errs.push(...validatePortNumOrName(a.port, path.child('port')));
      if (!SCHEMES.includes(str(a.scheme))) errs.push(fieldError.notSupported(path.child('scheme'), a.scheme ?? '', SCHEMES));
      return errs;
    }
    case 'tcpSocket':
      return validatePortNumOrName(a.port, path.child('port'));
    case 'grpc':
      return validatePortNumOrName(typeof a.port === 'number' ? a.port : 0, path.child('port'));
    case 'sleep': {
      const s = typeof a.seconds === 'number' ? a.seconds : 0;
      if (gracePeriod === undefined || (s > 0 && s <= gracePeriod)) return [];
      const msg = `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`;
      return [fieldError.invalid(path, s, msg)];
    }
    default:
      return [];
  }
}

/** validateHandler: exactly one action of those `kinds` allows. */
function validateHandler(h: J, kinds: readonly string[], gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const kind of kinds) {
    if (!isSet(h[kind])) continue;
    if (n > 0) errs.push(fieldError.forbidden(path.child(kind), 'may not specify more than 1 handler type'));
    else errs.push(...validateAction(kind, rec(h[kind]), gracePeriod, path.child(kind)));
    n++;
  }
  if (n === 0) errs.push(fieldError.required(path, 'must specify a handler type'));
  return errs;
}

export function validateLifecycle(lifecycle: unknown, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const l = rec(lifecycle);
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    if (isSet(l[hook])) errs.push(...validateHandler(rec(l[hook]), ['exec', 'httpGet', 'tcpSocket', 'sleep'], gracePeriod, path.child(hook)));
  }
  return errs;
}

const nonNegative = (v: unknown, path: FieldPath): FieldError[] => (typeof v === 'number' && v < 0 ? [fieldError.invalid(path, v, 'must be greater than or equal to 0')] : []);

function validateProbe(p: J, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs = validateHandler(p, ['exec', 'httpGet', 'tcpSocket', 'grpc'], gracePeriod, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...nonNegative(p[f], path.child(f)));
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    errs.push(fieldError.invalid(path.child('terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  return errs;
}

/** The liveness, readiness and startup probes of a container that may have them, in that order. */
export function validateProbes(c: J, gracePeriod: number | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    if (!isSet(c[kind])) continue;
    const p = rec(c[kind]);
    const at = path.child(kind);
    errs.push(...validateProbe(p, gracePeriod, at));
    if (kind === 'readinessProbe') {
      if (isSet(p.terminationGracePeriodSeconds)) errs.push(fieldError.invalid(at.child('terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
    } else if ((p.successThreshold ?? 0) !== 1) errs.push(fieldError.invalid(at.child('successThreshold'), p.successThreshold ?? 0, 'must be 1'));
  }
  return errs;
}
