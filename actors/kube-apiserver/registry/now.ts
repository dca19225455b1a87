// The request's time as RFC 3339, which a create formats four times (the strategy's context,
// managedFields, each admission phase): worked out once per second of virtual time, the text's
// resolution, so that the requests of one second share it too.

import { rfc3339 } from '../../../protocols/kube/time.ts';

let lastSecond = Number.NaN;
let lastText = '';

export function nowText(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = rfc3339(ms);
    lastSecond = second;
  }
  return lastText;
}
