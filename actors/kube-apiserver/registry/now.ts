// The request's time as RFC 3339, which a create formats four times (the strategy's context,
// managedFields, each admission phase): worked out once per virtual millisecond.

import { rfc3339 } from '../../../protocols/kube/time.ts';

let lastMs = Number.NaN;
let lastText = '';

export function nowText(ms: number): string {
  if (ms !== lastMs) {
    lastText = rfc3339(ms);
    lastMs = ms;
  }
  return lastText;
}
