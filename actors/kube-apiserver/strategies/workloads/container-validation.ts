// One container's rules (validateContainerCommon and what it calls): name, image,
// terminationMessagePolicy, ports, env, volumeMounts, imagePullPolicy, resources. Probes and
// lifecycle hooks, whose rules depend on the container's kind, are in ./probe-validation.ts.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortName, isValidPortNum, nameIsDNSSubdomain, regexError } from '../../../../protocols/kube/validation/index.ts';
import { ENV_FIELD_PATHS, validateObjectFieldSelector, validateResourceFieldSelector } from './downward-api.ts';
import { type J, isSet, list, rec, str } from './json.ts';
import { validateResourceRequirements } from './resources-validation.ts';
import { validateContainerSecurityContext } from './security-validation.ts';
import { validateLocalDescendingPath } from './volume-validation.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const MOUNT_PROPAGATION = ['Bidirectional', 'HostToContainer', 'None'];

const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** hasChDirPrefix: names that would resolve to a directory when written as files. */
function chDirErrors(name: string): string[] {
  if (name === '.') return ["must not be '.'"];
  if (name === '..') return ["must not be '..'"];
  return name.startsWith('..') ? ["must not start with '..'"] : [];
}

/** validation.IsEnvVarName. */
export function isEnvVarName(name: string): string[] {
  const errs = new RegExp(`^${ENV_NAME_FMT}$`).test(name) ? [] : [regexError(ENV_NAME_MSG, ENV_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1')];
  return [...errs, ...chDirErrors(name)];
}

const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';

/** validation.IsConfigMapKey. */
export function isConfigMapKey(key: string): string[] {
  const errs = key.length > 253 ? ['must be no more than 253 characters'] : [];
  if (!new RegExp(`^${CONFIG_KEY_FMT}$`).test(key)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errs, ...chDirErrors(key)];
}

function validateContainerPorts(ports: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((p, i) => {
    const at = path.index(i);
    const name = str(p.name);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => fieldError.invalid(at.child('name'), name, m)));
      else if (names.has(name)) errs.push(fieldError.duplicate(at.child('name'), name));
      else names.add(name);
    }
    if (!p.containerPort) errs.push(fieldError.required(at.child('containerPort')));
    else errs.push(...isValidPortNum(p.containerPort).map((m) => fieldError.invalid(at.child('containerPort'), p.containerPort, m)));
    if (p.hostPort) errs.push(...isValidPortNum(p.hostPort).map((m) => fieldError.invalid(at.child('hostPort'), p.hostPort, m)));
    if (!p.protocol) errs.push(fieldError.required(at.child('protocol')));
    else if (!PROTOCOLS.includes(str(p.protocol))) errs.push(fieldError.notSupported(at.child('protocol'), p.protocol, PROTOCOLS));
  });
  return errs;
}

/** validateConfigMapKeySelector / validateSecretKeySelector: the name as a subdomain (even when empty), the key. */
function validateKeySelector(sel: J, path: FieldPath): FieldError[] {
  const name = str(sel.name);
  const errs = isDNS1123Subdomain(name).map((m) => fieldError.invalid(path.child('name'), name, m));
  const key = str(sel.key);
  if (key === '') errs.push(fieldError.required(path.child('key')));
  else errs.push(...isConfigMapKey(key).map((m) => fieldError.invalid(path.child('key'), key, m)));
  return errs;
}

/** validateEnvVarValueFrom. */
function validateValueFrom(ev: J, path: FieldPath): FieldError[] {
  if (!isSet(ev.valueFrom)) return [];
  const from = rec(ev.valueFrom);
  const errs: FieldError[] = [];
  let n = 0;
  if (isSet(from.fieldRef)) {
    n++;
    errs.push(...validateObjectFieldSelector(rec(from.fieldRef), ENV_FIELD_PATHS, path.child('fieldRef')));
  }
  if (isSet(from.resourceFieldRef)) {
    n++;
    errs.push(...validateResourceFieldSelector(rec(from.resourceFieldRef), path.child('resourceFieldRef'), false));
  }
  if (isSet(from.configMapKeyRef)) {
    n++;
    errs.push(...validateKeySelector(rec(from.configMapKeyRef), path.child('configMapKeyRef')));
  }
  if (isSet(from.secretKeyRef)) {
    n++;
    errs.push(...validateKeySelector(rec(from.secretKeyRef), path.child('secretKeyRef')));
  }
  if (n === 0) errs.push(fieldError.invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (str(ev.value) !== '') errs.push(fieldError.invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

function validateEnv(env: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(env).forEach((ev, i) => {
    const at = path.index(i);
    const name = str(ev.name);
    if (name === '') errs.push(fieldError.required(at.child('name')));
    else errs.push(...isEnvVarName(name).map((m) => fieldError.invalid(at.child('name'), name, m)));
    errs.push(...validateValueFrom(ev, at.child('valueFrom')));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  list(envFrom).forEach((ef, i) => {
    const at = path.index(i);
    if (ef.prefix) errs.push(...isEnvVarName(str(ef.prefix)).map((m) => fieldError.invalid(at.child('prefix'), ef.prefix, m)));
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef']) {
      if (!isSet(ef[kind])) continue;
      n++;
      const name = str(rec(ef[kind]).name);
      if (name === '') errs.push(fieldError.required(at.child(kind, 'name')));
      else errs.push(...nameIsDNSSubdomain(name, true).map((m) => fieldError.invalid(at.child(kind, 'name'), name, m)));
    }
    // Kubernetes reports these two at the list's path.
    if (n === 0) errs.push(fieldError.invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(fieldError.invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** ValidateVolumeMounts against the volumes that passed validation. */
function validateVolumeMounts(c: J, volumes: ReadonlyMap<string, J>, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    const at = path.index(i);
    const name = str(m.name);
    const mountPath = str(m.mountPath);
    if (name === '') errs.push(fieldError.required(at.child('name')));
    if (!volumes.has(name)) errs.push(fieldError.notFound(at.child('name'), name));
    if (mountPath === '') errs.push(fieldError.required(at.child('mountPath')));
    if (mountPoints.has(mountPath)) errs.push(fieldError.invalid(at.child('mountPath'), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    // Kubernetes reports subPath problems at the list's path, not the mount's.
    if (str(m.subPath) !== '') errs.push(...validateLocalDescendingPath(str(m.subPath), path.child('subPath')));
    if (str(m.subPathExpr) !== '') {
      if (str(m.subPath) !== '') errs.push(fieldError.invalid(at.child('subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(str(m.subPathExpr), path.child('subPathExpr')));
    }
    if (isSet(m.mountPropagation)) {
      const mp = path.child('mountPropagation');
      if (!MOUNT_PROPAGATION.includes(str(m.mountPropagation))) errs.push(fieldError.notSupported(mp, m.mountPropagation, MOUNT_PROPAGATION));
      else if (m.mountPropagation === 'Bidirectional' && rec(c.securityContext).privileged !== true) {
        errs.push(fieldError.forbidden(mp, 'Bidirectional mount propagation is available only to privileged containers'));
      }
    }
  });
  return errs;
}

/** validateContainerCommon: what every kind of container must satisfy. */
export function validateContainerCommon(c: J, volumes: ReadonlyMap<string, J>, path: FieldPath, hostUsers = true): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (name === '') errs.push(fieldError.required(path.child('name')));
  else errs.push(...isDNS1123Label(name).map((m) => fieldError.invalid(path.child('name'), name, m)));
  if (str(c.image) === '') errs.push(fieldError.required(path.child('image')));
  const tmp = str(c.terminationMessagePolicy);
  if (tmp === '') errs.push(fieldError.required(path.child('terminationMessagePolicy')));
  else if (!MESSAGE_POLICIES.includes(tmp)) errs.push(fieldError.notSupported(path.child('terminationMessagePolicy'), tmp, MESSAGE_POLICIES));
  errs.push(...validateContainerPorts(c.ports, path.child('ports')));
  errs.push(...validateEnv(c.env, path.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, path.child('envFrom')));
  errs.push(...validateVolumeMounts(c, volumes, path.child('volumeMounts')));
  const pull = str(c.imagePullPolicy);
  if (pull === '') errs.push(fieldError.required(path.child('imagePullPolicy')));
  else if (!PULL_POLICIES.includes(pull)) errs.push(fieldError.notSupported(path.child('imagePullPolicy'), pull, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c.resources, path.child('resources')));
  errs.push(...validateContainerSecurityContext(c.securityContext, path.child('securityContext'), hostUsers));
  return errs;
}

/** AccumulateUniqueHostPorts: one protocol/hostIP/hostPort per pod (per init container for init containers). */
export function checkHostPortConflicts(containers: readonly J[], path: FieldPath, seen = new Set<string>()): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    list(c.ports).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${str(p.protocol)}/${str(p.hostIP)}/${p.hostPort}`;
      if (seen.has(key)) errs.push(fieldError.duplicate(path.index(ci).child('ports').index(pi).child('hostPort'), key));
      else seen.add(key);
    });
  });
  return errs;
}
