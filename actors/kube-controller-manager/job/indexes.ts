// Indexed Jobs' completed indexes: status.completedIndexes is a list of intervals ("1,3-5,7"),
// written as Kubernetes writes it (a pair of neighbours as "3,4", three or more as a range).
// Kept as a sorted array of numbers: completions of an Indexed Job are bounded (at most 10^5
// with parallelism; tests use small ones), so a set is plenty.

/** The indexes in `text` below `completions`; malformed parts are skipped, as Kubernetes logs and skips them. */
export function parseIndexes(text: string | undefined, completions: number): number[] {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    if (part === '') continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (m === null) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (let i = first; i <= last && i < completions; i++) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    const first = sorted[i]!;
    const last = sorted[j]!;
    if (first === last) parts.push(`${first}`);
    else if (last === first + 1) parts.push(`${first},${last}`);
    else parts.push(`${first}-${last}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** firstPendingIndexes: the lowest `count` indexes neither completed nor held by an active pod. */
export function firstPendingIndexes(count: number, completions: number, nonPending: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!nonPending.has(i)) out.push(i);
  return out;
}
