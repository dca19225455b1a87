import test from 'ava';
import { formatFieldErrors } from '../../../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../../../protocols/kube/objects.ts';
import type { StrategyContext } from '../../../../../actors/kube-apiserver/strategies/types.ts';
import { cronScheduleError } from '../../../../../actors/kube-apiserver/strategies/workloads/cron-schedule.ts';
import { knownTimeZone } from '../../../../../actors/kube-apiserver/strategies/workloads/cronjob.ts';
import { WORKLOAD_STRATEGIES } from '../../../../../actors/kube-apiserver/strategies/workloads/index.ts';

const jobs = WORKLOAD_STRATEGIES['batch/jobs']!;
const cronjobs = WORKLOAD_STRATEGIES['batch/cronjobs']!;
const ctx: StrategyContext = { now: '2026-01-01T00:00:00Z', pick: () => 0 };
const podTemplate = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };

/** A job as the pipeline hands it over: defaulted, uid set, then prepared. */
function created(spec: Record<string, unknown>, name = 'pi'): KubeObject {
  const job = jobs.defaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'default', uid: 'u-1' }, spec: structuredClone({ template: podTemplate, ...spec }) });
  jobs.prepareForCreate(job, ctx);
  return job;
}

test('Job defaults (SetDefaults_Job facts)', (t) => {
  const job = jobs.defaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: podTemplate } });
  const spec = job.spec as any;
  t.is(spec.completions, 1);
  t.is(spec.parallelism, 1);
  t.is(spec.backoffLimit, 6);
  t.is(spec.completionMode, 'NonIndexed');
  t.is(spec.suspend, false);
  t.is(spec.podReplacementPolicy, 'TerminatingOrFailed');
  const parallel = jobs.defaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'p' }, spec: { parallelism: 3, template: podTemplate } });
  t.is((parallel.spec as any).completions, undefined, 'a work queue job keeps completions unset');
  const perIndex = jobs.defaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'p' }, spec: { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, template: podTemplate } });
  t.is((perIndex.spec as any).backoffLimit, 2147483647);
});

test('Job: the generated selector and template labels', (t) => {
  const job = created({});
  t.deepEqual((job.spec as any).selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  t.deepEqual((job.spec as any).template.metadata.labels, { 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'u-1', 'batch.kubernetes.io/controller-uid': 'u-1' });
  t.deepEqual(job.metadata.labels, (job.spec as any).template.metadata.labels);
  t.is(job.metadata.generation, 1);
  t.deepEqual(jobs.validate(job, ctx), []);
});

test('Job: validation messages', (t) => {
  const msg = (spec: Record<string, unknown>, name?: string): string => formatFieldErrors(jobs.validate(created(spec, name), ctx));
  t.is(msg({ template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } }), 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  t.is(msg({ backoffLimit: -1 }), 'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0');
  t.is(msg({ parallelism: -1 }), 'spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
  t.is(msg({ completionMode: 'Sometimes' }), 'spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"');
  t.is(msg({ completionMode: 'Indexed', completions: undefined, parallelism: 2 }), 'spec.completions: Required value: when completion mode is Indexed');
  t.is(msg({ backoffLimitPerIndex: 1 }), 'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
  t.is(
    msg({ completionMode: 'Indexed', completions: 10 }, 'a'.repeat(62)),
    `metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`,
  );
  const wrongUid = created({ selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'other' } } });
  t.is(
    formatFieldErrors(jobs.validate(wrongUid, ctx)),
    '[spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"batch.kubernetes.io/controller-uid":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated, ' +
      'spec.template.metadata.labels: Invalid value: map[string]string{"batch.kubernetes.io/controller-uid":"u-1", "batch.kubernetes.io/job-name":"pi", "controller-uid":"u-1", "job-name":"pi"}: `selector` does not match template `labels`]',
  );
  const manual = created({ manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { ...podTemplate, metadata: { labels: { app: 'pi' } } } });
  t.deepEqual((manual.spec as any).selector, { matchLabels: { app: 'pi' } });
  t.deepEqual(jobs.validate(manual, ctx), []);
});

test('Job: podFailurePolicy rules (batch validation_test.go facts)', (t) => {
  const rule = (r: Record<string, unknown>, more: Record<string, unknown> = {}) => jobs.validate(created({ podFailurePolicy: { rules: [r] }, ...more }), ctx);
  const msg = (r: Record<string, unknown>, more?: Record<string, unknown>) => formatFieldErrors(rule(r, more));
  t.is(msg({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 2, 3] } }), '');
  t.is(msg({ action: 'FailJob', onExitCodes: { values: [1, 2, 3] } }), 'spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values: ["In" "NotIn"]');
  t.is(
    msg({ action: 'FailJob', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] }),
    'spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported',
  );
  t.is(msg({ action: 'Ignore' }), 'spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required');
  t.is(msg({ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 1] } }), 'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator');
  t.is(msg({ action: 'FailJob', onExitCodes: { operator: 'NotIn', values: [1, 1] } }), 'spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 1');
  t.is(msg({ action: 'FailJob', onExitCodes: { operator: 'In', values: [2, 1] } }), 'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{2, 1}: must be ordered');
  t.is(msg({ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }), 'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set');
  t.is(msg({ action: 'Retry', onPodConditions: [{ type: 'DisruptionTarget' }] }), 'spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"');
  t.is(msg({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }), 'spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"');
  t.is(
    msg({ action: 'FailJob', onExitCodes: { containerName: 'other', operator: 'In', values: [1] } }),
    'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names in the pod template',
  );
  t.is(
    msg({ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }, { template: { spec: { containers: [{ name: 'pi', image: 'perl' }], restartPolicy: 'OnFailure' } } }),
    'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
  );
});

test('Job: update rules', (t) => {
  const old = created({});
  const image = structuredClone(old);
  (image.spec as any).template.spec.containers[0].image = 'perl:5.36';
  t.deepEqual(jobs.validateUpdate(image, old, ctx).map((e) => [e.field, e.detail]), [['spec.template', 'field is immutable']]);
  const completions = structuredClone(old);
  (completions.spec as any).completions = 3;
  t.is(formatFieldErrors(jobs.validateUpdate(completions, old, ctx)), 'spec.completions: Invalid value: 3: field is immutable');
  const parallel = structuredClone(old);
  (parallel.spec as any).parallelism = 4;
  t.deepEqual(jobs.validateUpdate(parallel, old, ctx), []);
  const suspended = created({ suspend: true });
  const retargeted = structuredClone(suspended);
  (retargeted.spec as any).template.spec.nodeSelector = { zone: 'a' };
  t.deepEqual(jobs.validateUpdate(retargeted, suspended, ctx), [], 'a suspended job that never started may change scheduling directives');
  const elastic = created({ completionMode: 'Indexed', completions: 2, parallelism: 2 });
  const grown = structuredClone(elastic);
  Object.assign(grown.spec as any, { completions: 4, parallelism: 4 });
  t.deepEqual(jobs.validateUpdate(grown, elastic, ctx), []);
  (grown.spec as any).parallelism = 3;
  t.is(formatFieldErrors(jobs.validateUpdate(grown, elastic, ctx)), 'spec.completions: Invalid value: 4: can only be modified in tandem with spec.parallelism');
  t.deepEqual(jobs.selectableFields!({ ...old, status: { succeeded: 2 } }), { 'status.successful': '2' });
});

test('cron schedules: robfig/cron ParseStandard errors (its parser_test.go facts)', (t) => {
  const ok = ['* * * * *', '*/5 * * * *', '0 0 1 1 *', '30 3-6,20-23 * * *', '0 9 * * mon-fri', '0 0 * jan,jul sun', '@hourly', '@every 1h30m', '5/15 * * * ?', 'CRON_TZ=Europe/Paris 0 6 * * *'];
  for (const s of ok) t.is(cronScheduleError(s, knownTimeZone), undefined, s);
  const bad: [string, string][] = [
    ['', 'empty spec string'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['TZ=Mars/Olympus * * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ];
  for (const [s, want] of bad) t.is(cronScheduleError(s, knownTimeZone), want, s);
});

test('CronJob defaults and validation', (t) => {
  const cj = (spec: Record<string, unknown>, name = 'hello'): KubeObject =>
    cronjobs.defaults({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' }, spec: structuredClone({ schedule: '*/1 * * * *', jobTemplate: { spec: { template: podTemplate } }, ...spec }) });
  const d = cj({}).spec as any;
  t.is(d.concurrencyPolicy, 'Allow');
  t.is(d.suspend, false);
  t.is(d.successfulJobsHistoryLimit, 3);
  t.is(d.failedJobsHistoryLimit, 1);
  t.is(d.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  t.is(d.jobTemplate.spec.backoffLimit, undefined, 'job defaults are not applied inside a CronJob');
  const msg = (spec: Record<string, unknown>, name?: string): string => formatFieldErrors(cronjobs.validate(cj(spec, name), ctx));
  t.is(msg({}), '');
  t.is(msg({ schedule: '' }), 'spec.schedule: Required value');
  t.is(msg({ schedule: '61 * * * *' }), 'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61');
  t.is(msg({ schedule: 'TZ=UTC 0 * * * *' }), 'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  t.is(msg({ timeZone: 'Europe/Berlin' }), '');
  t.is(msg({ timeZone: 'Mars/Olympus' }), 'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
  t.is(msg({ timeZone: '' }), 'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string');
  t.is(msg({ timeZone: 'Local' }), 'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones');
  t.is(msg({ concurrencyPolicy: 'Sometimes' }), 'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"');
  t.is(msg({ successfulJobsHistoryLimit: -1 }), 'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0');
  t.is(msg({ jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b' }], restartPolicy: 'Always' } } } } }), 'spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"');
  t.is(msg({}, 'x'.repeat(53)), `metadata.name: Invalid value: "${'x'.repeat(53)}": must be no more than 52 characters`);
  t.is(
    msg({ jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate } } }),
    'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
  );
});
