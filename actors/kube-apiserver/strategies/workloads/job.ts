// batch/v1 Jobs: SetDefaults_Job, the generated selector (PrepareForCreate; Kubernetes does it in
// Validate, after the uid is set), ValidateJob with its generated-selector checks, ValidateJobSpecUpdate
// (template and selector immutable, completions only in tandem with parallelism for Indexed jobs).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { isDNS1123Label, labelSelectorAsSelector, matchesLabels, validateLabelSelector } from '../../../../protocols/kube/validation/index.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { nonNegative, selectorMatchesTemplate } from './apps-common.ts';
import { type GoSyntax, goLabelSelector, goStringMap, invalidGo } from './go-syntax.ts';
import { type J, isSet, jsonEqual, list, rec, selectorObj, str } from './json.ts';
import { validatePodFailurePolicy } from './job-failure-policy.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { validatePodTemplateSpec } from './pod-validation.ts';
import { workloadWarnings } from './warnings.ts';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_CONTROLLER_UID = 'controller-uid';
const LEGACY_JOB_NAME = 'job-name';
const MAX_PARALLELISM_INDEXED = 100000;
const MAX_INT32 = 2147483647;

export function defaultJob(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  if (!isSet(spec.completions) && !isSet(spec.parallelism)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= isSet(spec.backoffLimitPerIndex) ? MAX_INT32 : 6;
  const labels = spec.template?.metadata?.labels;
  if (isSet(labels) && Object.keys(rec(obj.metadata?.labels)).length === 0) obj.metadata = { ...obj.metadata, labels: { ...labels } };
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  for (const rule of list(rec(spec.podFailurePolicy).rules)) for (const p of list(rule.onPodConditions)) p.status ||= 'True';
  spec.podReplacementPolicy ??= isSet(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  spec.template = defaultPodTemplate(rec(spec.template));
  return obj;
}

/** generateSelector: the job-name and controller-uid labels on the template, the uid label in the selector. */
export function generateJobSelector(job: J): void {
  const spec = rec(job.spec);
  const template = rec(spec.template);
  const meta = rec(template.metadata);
  const labels = rec(meta.labels);
  const name = str(job.metadata?.name);
  const uid = str(job.metadata?.uid);
  for (const k of [LEGACY_JOB_NAME, JOB_NAME_LABEL]) if (!Object.hasOwn(labels, k)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID, CONTROLLER_UID_LABEL]) if (!Object.hasOwn(labels, k)) labels[k] = uid;
  meta.labels = labels;
  template.metadata = meta;
  spec.template = template;
  const selector = rec(spec.selector);
  selector.matchLabels = { ...rec(selector.matchLabels) };
  if (!Object.hasOwn(selector.matchLabels, CONTROLLER_UID_LABEL)) selector.matchLabels[CONTROLLER_UID_LABEL] = uid;
  spec.selector = selector;
  job.spec = spec;
}

function hasLabel(labels: J, key: string, expected: string, path: FieldPath): FieldError[] {
  if (!Object.hasOwn(labels, key)) return [fieldError.required(path.child('labels').key(key), `must be '${expected}'`)];
  return labels[key] === expected ? [] : [invalidGo(path.child('labels').key(key), goStringMap(labels), `must be '${expected}'`)];
}

/**
 * validateGeneratedSelector. New Jobs must carry the batch.kubernetes.io/ labels; a Job stored
 * before them is held only to the legacy ones (`prefixed` false) until it has them.
 */
function validateGeneratedSelector(job: J, prefixed: boolean): FieldError[] {
  const spec = rec(job.spec);
  if (spec.manualSelector === true || !isSet(spec.selector)) return [];
  const uid = str(rec(job.metadata).uid);
  const name = str(rec(job.metadata).name);
  const errs = uid === '' ? [fieldError.required('metadata.uid')] : [];
  const labels = rec(rec(rec(spec.template).metadata).labels);
  const at = FieldPath.root('spec', 'template', 'metadata');
  const [uidLabel, nameLabel] = prefixed ? [CONTROLLER_UID_LABEL, JOB_NAME_LABEL] : [LEGACY_CONTROLLER_UID, LEGACY_JOB_NAME];
  errs.push(...hasLabel(labels, uidLabel, uid, at), ...hasLabel(labels, nameLabel, name, at));
  const parsed = labelSelectorAsSelector(selectorObj(spec.selector));
  if (parsed.ok && !(parsed.value.type !== 'nothing' && matchesLabels(parsed.value, { [uidLabel]: uid, [nameLabel]: name }))) {
    errs.push(invalidGo('spec.selector', goLabelSelector(spec.selector), '`selector` not auto-generated'));
  }
  return errs;
}

/** validateJobSpec: counters, completion mode, the template, and a restartPolicy of OnFailure or Never. */
export function validateJobSpecCommon(spec: J, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']) if (isSet(spec[f])) errs.push(...nonNegative(spec[f], path.child(f)));
  const indexed = spec.completionMode === 'Indexed';
  if (isSet(spec.backoffLimitPerIndex)) {
    errs.push(...nonNegative(spec.backoffLimitPerIndex, path.child('backoffLimitPerIndex')));
    if (!indexed) errs.push(fieldError.invalid(path.child('backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode'));
  }
  if (isSet(spec.maxFailedIndexes)) {
    errs.push(...nonNegative(spec.maxFailedIndexes, path.child('maxFailedIndexes')));
    if (!isSet(spec.backoffLimitPerIndex)) errs.push(fieldError.required(path.child('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (isSet(spec.completionMode)) {
    if (spec.completionMode !== 'NonIndexed' && !indexed) errs.push(fieldError.notSupported(path.child('completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
    if (indexed) {
      if (!isSet(spec.completions)) errs.push(fieldError.required(path.child('completions'), 'when completion mode is Indexed'));
      if (isSet(spec.parallelism) && spec.parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push(fieldError.invalid(path.child('parallelism'), spec.parallelism, `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed`));
      }
    }
  }
  if (isSet(spec.podFailurePolicy)) errs.push(...validatePodFailurePolicy(spec, path.child('podFailurePolicy')));
  if (isSet(spec.podReplacementPolicy)) {
    const at = path.child('podReplacementPolicy');
    if (isSet(spec.podFailurePolicy) && spec.podReplacementPolicy !== 'Failed') errs.push(fieldError.notSupported(at, spec.podReplacementPolicy, ['Failed']));
    else if (!['TerminatingOrFailed', 'Failed'].includes(spec.podReplacementPolicy)) errs.push(fieldError.notSupported(at, spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']));
  }
  const template = rec(spec.template);
  errs.push(...validatePodTemplateSpec(template, path.child('template')));
  const rp = str(rec(template.spec).restartPolicy);
  const rpPath = path.child('template', 'spec', 'restartPolicy');
  if (rp === 'Always' || rp === '') errs.push(fieldError.required(rpPath, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(fieldError.notSupported(rpPath, rp, ['OnFailure', 'Never']));
  else if (isSet(spec.podFailurePolicy) && rp !== 'Never') errs.push(fieldError.invalid(rpPath, rp, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: validateJobSpec plus a required selector matching the template. */
function validateJobSpec(spec: J, path: FieldPath): FieldError[] {
  const errs = validateJobSpecCommon(spec, path);
  if (!isSet(spec.selector)) errs.push(fieldError.required(path.child('selector')));
  else errs.push(...validateLabelSelector(selectorObj(spec.selector), path.child('selector')));
  errs.push(...selectorMatchesTemplate(spec.selector, rec(spec.template), path.child('template')));
  return errs;
}

/** ValidateJob without ObjectMeta; `prefixed`: the batch.kubernetes.io/ labels are required (always on create). */
export function validateJob(job: J, prefixed = true): FieldError[] {
  const spec = rec(job.spec);
  const errs = [...validateGeneratedSelector(job, prefixed), ...validateJobSpec(spec, FieldPath.root('spec'))];
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const hostname = `${str(job.metadata?.name)}-${spec.completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) errs.push(fieldError.invalid('metadata.name', str(job.metadata?.name), `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return errs;
}

const immutable = (next: unknown, prev: unknown, path: string, shown?: GoSyntax): FieldError[] => {
  if (jsonEqual(next, prev)) return [];
  return [shown === undefined ? fieldError.invalid(path, next ?? null, 'field is immutable') : invalidGo(path, shown, 'field is immutable')];
};

/**
 * The strategy's ValidateUpdate: ValidateJob, then ValidateJobSpecUpdate (which checks the spec
 * again; the repeated errors collapse when formatted, as Kubernetes' do). A suspended Job that never started may change its template's scheduling
 * directives (node affinity, nodeSelector, tolerations, labels, annotations, scheduling gates).
 */
export function validateJobUpdate(job: J, old: J): FieldError[] {
  const spec = rec(job.spec);
  const prev = rec(old.spec);
  const oldLabels = rec(rec(rec(prev.template).metadata).labels);
  const prefixed = Object.hasOwn(oldLabels, CONTROLLER_UID_LABEL);
  const errs = [...validateJob(job, prefixed), ...validateJobSpec(spec, FieldPath.root('spec'))];
  if (spec.completionMode === 'Indexed' && !jsonEqual(spec.completions, prev.completions)) {
    if (isSet(spec.completions) && spec.completions !== spec.parallelism) errs.push(fieldError.invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  } else errs.push(...immutable(spec.completions, prev.completions, 'spec.completions'));
  errs.push(...immutable(spec.selector, prev.selector, 'spec.selector', goLabelSelector(spec.selector)));
  let oldTemplate = rec(prev.template);
  if (prev.suspend === true && !isSet(rec(old.status).startTime)) {
    const t = rec(spec.template);
    oldTemplate = structuredClone(oldTemplate);
    const os = rec(oldTemplate.spec);
    const ns = rec(t.spec);
    const nodeAffinity = rec(ns.affinity).nodeAffinity;
    if (!isSet(ns.affinity) && isSet(os.affinity)) {
      delete os.affinity.nodeAffinity;
      if (Object.keys(os.affinity).length === 0) delete os.affinity;
    } else if (isSet(ns.affinity)) os.affinity = { ...rec(os.affinity), nodeAffinity };
    for (const f of ['nodeSelector', 'tolerations', 'schedulingGates']) os[f] = ns[f];
    oldTemplate.spec = os;
    oldTemplate.metadata = { ...rec(oldTemplate.metadata), labels: rec(t.metadata).labels, annotations: rec(t.metadata).annotations };
  }
  errs.push(...immutable(spec.template, oldTemplate, 'spec.template'));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) errs.push(...immutable(spec[f], prev[f], `spec.${f}`));
  return errs;
}

const base = genericStrategy(true);

export const jobStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultJob(obj) as KubeObject,
  warnings: workloadWarnings('spec.template', (spec) => rec(spec.template), true),
  prepareForCreate(obj, ctx) {
    base.prepareForCreate(obj, ctx);
    if (rec(obj.spec).manualSelector !== true) generateJobSelector(obj);
    // What a GET shows: Kubernetes re-defaults on read, copying the now-generated template labels.
    const labels = rec(obj.spec).template?.metadata?.labels;
    if (isSet(labels) && Object.keys(rec(obj.metadata.labels)).length === 0) obj.metadata = { ...obj.metadata, labels: { ...labels } };
  },
  validate: (obj) => validateJob(obj),
  validateUpdate: (obj, old) => validateJobUpdate(obj, old),
  status: {
    prepareForUpdate: base.status!.prepareForUpdate,
    validateUpdate: (obj) => ['active', 'succeeded', 'failed', 'ready', 'terminating'].flatMap((f) => nonNegative(rec(obj.status)[f], FieldPath.root('status', f))),
  },
  selectableFields: (obj) => ({ 'status.successful': String(rec(obj.status).succeeded ?? 0) }),
};
