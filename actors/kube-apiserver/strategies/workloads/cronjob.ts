// batch/v1 CronJobs: SetDefaults_CronJob, validateCronJobSpec (schedule, timeZone, concurrency
// policy, job template, history limits) and the 52-character name limit (the controller appends
// an 11-character suffix to name the Jobs it creates).

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import { genericStrategy } from '../generic.ts';
import type { Strategy } from '../types.ts';
import { nonNegative } from './apps-common.ts';
import { cronScheduleError } from './cron-schedule.ts';
import { goLabelSelector, invalidGo } from './go-syntax.ts';
import { validateJobSpecCommon } from './job.ts';
import { type J, isSet, rec, str } from './json.ts';
import { defaultPodTemplate } from './pod-defaults.ts';
import { workloadWarnings } from './warnings.ts';

/** Whether the IANA zone is known (Go's time.LoadLocation); Intl knows the same database. */
export function knownTimeZone(tz: string): boolean {
  if (tz === 'UTC' || tz === '') return true;
  if (tz.toLowerCase() === 'local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function defaultCronJob(obj: J): J {
  const spec = rec(obj.spec);
  obj.spec = spec;
  spec.concurrencyPolicy ||= 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jt = rec(spec.jobTemplate);
  spec.jobTemplate = jt;
  jt.spec = rec(jt.spec);
  jt.spec.template = defaultPodTemplate(rec(jt.spec.template));
  return obj;
}

const TZ_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: unknown, path: FieldPath): FieldError[] {
  if (!isSet(tz)) return [];
  const zone = str(tz);
  if (zone === '') return [fieldError.invalid(path, zone, 'timeZone must be nil or non-empty string')];
  if (zone.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TZ_PART.test(p))) return [fieldError.invalid(path, zone, `unknown time zone ${zone}`)];
  const errs = zone.toLowerCase() === 'local' ? [fieldError.invalid(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones')] : [];
  if (zone.toLowerCase() !== 'local' && !knownTimeZone(zone)) errs.push(fieldError.invalid(path, zone, `unknown time zone ${zone}`));
  return errs;
}

function validateSchedule(spec: J, allowTZ: boolean, path: FieldPath): FieldError[] {
  const schedule = str(spec.schedule);
  if (schedule === '') return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const err = cronScheduleError(schedule, knownTimeZone);
  if (err !== undefined) errs.push(fieldError.invalid(path, schedule, err));
  if (allowTZ && schedule.includes('TZ') && isSet(spec.timeZone)) errs.push(fieldError.invalid(path, schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  else if (!allowTZ && schedule.includes('TZ')) errs.push(fieldError.invalid(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  return errs;
}

/** validateCronJobSpec; `old` is the stored spec on update (it lets a TZ= schedule stay, and an unchanged timeZone go unchecked). */
export function validateCronJobSpec(spec: J, old: J | undefined, path: FieldPath): FieldError[] {
  const errs = validateSchedule(spec, old !== undefined && str(old.schedule).includes('TZ'), path.child('schedule'));
  if (isSet(spec.startingDeadlineSeconds)) errs.push(...nonNegative(spec.startingDeadlineSeconds, path.child('startingDeadlineSeconds')));
  if (old === undefined || old.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone, path.child('timeZone')));
  const cp = str(spec.concurrencyPolicy);
  if (cp === '') errs.push(fieldError.required(path.child('concurrencyPolicy')));
  else if (!['Allow', 'Forbid', 'Replace'].includes(cp)) errs.push(fieldError.notSupported(path.child('concurrencyPolicy'), cp, ['Allow', 'Forbid', 'Replace']));
  const jt = rec(rec(spec.jobTemplate).spec);
  const jtPath = path.child('jobTemplate', 'spec');
  errs.push(...validateJobSpecCommon(jt, jtPath));
  if (isSet(jt.selector)) errs.push(invalidGo(jtPath.child('selector'), goLabelSelector(jt.selector), '`selector` will be auto-generated'));
  if (jt.manualSelector === true) errs.push(fieldError.notSupported(jtPath.child('manualSelector'), true, ['nil', 'false']));
  for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) if (isSet(spec[f])) errs.push(...nonNegative(spec[f], path.child(f)));
  return errs;
}

const base = genericStrategy(true);

export const cronJobStrategy: Strategy = {
  ...base,
  defaults: (obj) => defaultCronJob(obj) as KubeObject,
  warnings: workloadWarnings('spec.jobTemplate.spec.template', (spec) => rec(rec(rec(spec.jobTemplate).spec).template), true),
  validate(obj) {
    const errs = validateCronJobSpec(rec(obj.spec), undefined, FieldPath.root('spec'));
    const name = str(obj.metadata.name);
    if (name.length > 52) errs.push(fieldError.invalid('metadata.name', name, 'must be no more than 52 characters'));
    return errs;
  },
  validateUpdate: (obj, old) => validateCronJobSpec(rec(obj.spec), rec(old.spec), FieldPath.root('spec')),
};
