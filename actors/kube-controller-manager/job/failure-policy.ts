// podFailurePolicy: the first rule matching a failed pod decides what its failure means. FailJob
// ends the Job with the rule's message, Ignore leaves the failure out of the backoff count, Count
// counts it as usual, FailIndex (with backoffLimitPerIndex) fails the pod's index for good. A
// pod no rule matches counts.

import type { Job, Pod } from '../../../protocols/kube/objects.ts';

export interface PolicyMatch {
  /** The FailureTarget condition's message when a FailJob rule matched. */
  readonly failJobMessage?: string;
  /** Whether the failure counts towards backoffLimit. */
  readonly countFailed: boolean;
  readonly action?: string;
}

type ContainerStatus = NonNullable<NonNullable<Pod['status']>['containerStatuses']>[number];
type Rule = NonNullable<NonNullable<Job['spec']>['podFailurePolicy']>['rules'][number];

function exitCodeMatch(statuses: readonly ContainerStatus[], req: NonNullable<Rule['onExitCodes']>): ContainerStatus | undefined {
  return statuses.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName !== undefined && req.containerName !== s.name) return false;
    if (req.operator === 'In') return req.values.includes(code);
    if (req.operator === 'NotIn') return !req.values.includes(code);
    return false;
  });
}

export function matchPodFailurePolicy(job: Job, pod: Pod): PolicyMatch {
  const rules = job.spec?.podFailurePolicy?.rules;
  if (rules === undefined) return { countFailed: true };
  const ns = pod.metadata?.namespace;
  const name = pod.metadata?.name;
  for (const [index, rule] of rules.entries()) {
    let failJobMessage: string | undefined;
    if (rule.onExitCodes) {
      const s = exitCodeMatch(pod.status?.containerStatuses ?? [], rule.onExitCodes) ?? exitCodeMatch(pod.status?.initContainerStatuses ?? [], rule.onExitCodes);
      if (s === undefined) continue;
      failJobMessage = `Container ${s.name} for pod ${ns}/${name} failed with exit code ${s.state!.terminated!.exitCode} matching ${rule.action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const patterns = rule.onPodConditions;
      const c = (pod.status?.conditions ?? []).find((cond) => patterns.some((p) => p.type === cond.type && (p.status ?? 'True') === cond.status));
      if (c === undefined) continue;
      failJobMessage = `Pod ${ns}/${name} has condition ${c.type} matching ${rule.action} rule at index ${index}`;
    } else continue;
    if (rule.action === 'Ignore') return { countFailed: false, action: 'Ignore' };
    if (rule.action === 'Count') return { countFailed: true, action: 'Count' };
    if (rule.action === 'FailJob') return { failJobMessage, countFailed: true, action: 'FailJob' };
    if (rule.action === 'FailIndex') return { countFailed: true, action: 'FailIndex' };
  }
  return { countFailed: true };
}
