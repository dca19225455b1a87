// `date` in a container: the virtual clock on the calendar the apiserver uses, in UTC (containers
// have no TZ unless told), formatted as busybox's date does by default: `Thu Jan  1 00:00:05 UTC 2026`.

import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatDate(now: number, format = '%a %b %e %H:%M:%S %Z %Y'): string {
  const ms = DEFAULT_EPOCH_MS + Math.floor(now);
  const [, y = '', mo = '', d = '', H = '', M = '', S = ''] = /^(\d+)-(\d+)-(\d+)T(\d+):(\d+):(\d+)Z$/.exec(rfc3339(ms)) ?? [];
  // 1970-01-01 was a Thursday.
  const weekday = DAYS[(((Math.floor(ms / 86_400_000) + 4) % 7) + 7) % 7]!;
  const fields: Readonly<Record<string, string>> = {
    a: weekday, b: MONTHS[Number(mo) - 1] ?? '', e: String(Number(d)).padStart(2, ' '), d, m: mo, Y: y, H, M, S,
    Z: 'UTC', z: '+0000', s: String(Math.floor(ms / 1000)), T: `${H}:${M}:${S}`, F: `${y}-${mo}-${d}`, '%': '%',
  };
  return format.replace(/%(.)/g, (spec, c: string) => fields[c] ?? spec);
}
