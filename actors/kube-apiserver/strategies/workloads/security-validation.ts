// Security contexts (ValidateSecurityContext for containers, validatePodSpecSecurityContext for
// the pod): user and group ids, seccomp and AppArmor profiles, procMount, the privilege-escalation
// contradictions, fsGroupChangePolicy and sysctl names.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { inclusiveRangeError } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, list, rec, str, strs } from './json.ts';
import { validateLocalDescendingPath } from './volume-validation.ts';

const MAX_ID = 2147483647;
const PROFILE_TYPES = ['Localhost', 'RuntimeDefault', 'Unconfined'];
const SYSCTL_SEGMENT = '[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
/** As Go prints the compiled regexp in the message. */
const SYSCTL_FMT = `^(${SYSCTL_SEGMENT}[\\./])*${SYSCTL_SEGMENT}$`;
const SYSCTL_NAME = new RegExp(SYSCTL_FMT);

/** IsValidUserID / IsValidGroupID. */
export const idErrors = (v: unknown, path: FieldPath): FieldError[] =>
  isSet(v) && !(typeof v === 'number' && v >= 0 && v <= MAX_ID) ? [fieldError.invalid(path, v, inclusiveRangeError(0, MAX_ID))] : [];

/** validateSeccompProfileField and ValidateAppArmorProfileField share their shape; `what` names the mechanism. */
function validateProfile(p: unknown, path: FieldPath, what: 'seccomp' | 'AppArmor'): FieldError[] {
  if (!isSet(p)) return [];
  const profile = rec(p);
  const type = str(profile.type);
  const errs: FieldError[] = [];
  if (type === '') errs.push(fieldError.required(path.child('type'), `type is required when ${what === 'seccomp' ? 'seccompProfile' : 'appArmorProfile'} is set`));
  else if (!PROFILE_TYPES.includes(type)) errs.push(fieldError.notSupported(path.child('type'), type, PROFILE_TYPES));
  const local = profile.localhostProfile;
  if (type === 'Localhost') {
    if (!isSet(local)) errs.push(fieldError.required(path.child('localhostProfile'), `must be set when ${what} type is Localhost`));
    else if (what === 'seccomp') errs.push(...validateLocalDescendingPath(str(local), path.child('localhostProfile')));
    else if (str(local).trim() === '') errs.push(fieldError.invalid(path.child('localhostProfile'), local, 'must be a non-empty string'));
  } else if (isSet(local)) {
    errs.push(fieldError.invalid(path.child('localhostProfile'), profile, `can only be set when ${what} type is Localhost`));
  }
  return errs;
}

/** ValidateSecurityContext (a container's). `hostUsers`: the pod shares the host's user namespace. */
export function validateContainerSecurityContext(sc: unknown, path: FieldPath, hostUsers: boolean): FieldError[] {
  if (!isSet(sc)) return [];
  const s = rec(sc);
  const errs = [...idErrors(s.runAsUser, path.child('runAsUser')), ...idErrors(s.runAsGroup, path.child('runAsGroup'))];
  if (isSet(s.procMount)) {
    if (!['Default', 'Unmasked'].includes(str(s.procMount))) errs.push(fieldError.notSupported(path.child('procMount'), s.procMount, ['Default', 'Unmasked']));
    if (hostUsers && s.procMount === 'Unmasked') errs.push(fieldError.invalid(path.child('procMount'), s.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateProfile(s.seccompProfile, path.child('seccompProfile'), 'seccomp'));
  if (s.allowPrivilegeEscalation === false) {
    if (s.privileged === true) errs.push(fieldError.invalid(path, s, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of strs(rec(s.capabilities).add)) {
      if (cap === 'CAP_SYS_ADMIN') errs.push(fieldError.invalid(path, s, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  errs.push(...validateProfile(s.appArmorProfile, path.child('appArmorProfile'), 'AppArmor'));
  return errs;
}

/** validatePodSpecSecurityContext (the v1 pod fields hostPID and shareProcessNamespace live on the spec). */
export function validatePodSecurityContext(spec: J, path: FieldPath): FieldError[] {
  if (!isSet(spec.securityContext)) return [];
  const sc = rec(spec.securityContext);
  const errs = [...idErrors(sc.fsGroup, path.child('fsGroup')), ...idErrors(sc.runAsUser, path.child('runAsUser')), ...idErrors(sc.runAsGroup, path.child('runAsGroup'))];
  list(sc.supplementalGroups).forEach((_, i) => errs.push(...idErrors((sc.supplementalGroups as unknown[])[i], path.child('supplementalGroups').index(i))));
  if (spec.shareProcessNamespace === true && spec.hostPID === true) errs.push(fieldError.invalid(path.child('shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  const seen = new Set<string>();
  list(sc.sysctls).forEach((s, i) => {
    const at = path.child('sysctls').index(i).child('name');
    const name = str(s.name);
    if (name === '') errs.push(fieldError.required(at));
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) errs.push(fieldError.invalid(at, name, `must have at most 253 characters and match regex ${SYSCTL_FMT}`));
    else if (seen.has(name)) errs.push(fieldError.duplicate(at, name));
    seen.add(name);
  });
  if (isSet(sc.fsGroupChangePolicy) && !['Always', 'OnRootMismatch'].includes(str(sc.fsGroupChangePolicy))) {
    errs.push(fieldError.notSupported(path.child('fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  }
  errs.push(...validateProfile(sc.seccompProfile, path.child('seccompProfile'), 'seccomp'));
  errs.push(...validateProfile(sc.appArmorProfile, path.child('appArmorProfile'), 'AppArmor'));
  return errs;
}
