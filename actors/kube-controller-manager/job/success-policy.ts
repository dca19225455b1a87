// An Indexed Job's successPolicy (beta and on in 1.32): the Job has succeeded once any rule
// matches, the first matching rule naming itself in the condition's message. A rule with
// succeededIndexes matches when all of them succeeded, or succeededCount of them; a rule with
// only succeededCount when that many indexes succeeded.

import type { Job } from '../../../protocols/kube/objects.ts';
import type { Finish } from './conditions.ts';
import { parseIndexes } from './indexes.ts';

export function matchSuccessPolicy(job: Job, completions: number, succeeded: ReadonlySet<number>): Finish | undefined {
  const rules = job.spec?.successPolicy?.rules;
  if (rules === undefined || succeeded.size === 0) return undefined;
  for (const [index, rule] of rules.entries()) {
    let matched = false;
    if (rule.succeededIndexes !== undefined) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const contained = required.filter((i) => succeeded.has(i)).length;
      matched = contained === required.length || (rule.succeededCount !== undefined && contained >= rule.succeededCount);
    } else if (rule.succeededCount !== undefined) matched = succeeded.size >= rule.succeededCount;
    if (matched) return { type: 'SuccessCriteriaMet', reason: 'SuccessPolicy', message: `Matched rules at index ${index}` };
  }
  return undefined;
}
