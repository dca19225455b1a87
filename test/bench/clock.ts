// Where a timed run starts: after a full collection (npm run bench gives node --expose-gc), so the
// run does not pay for the garbage its set-up left (a cluster's bootstrap makes much more of it
// than an etcd's), and runs of different set-ups compare.

export function startTiming(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return performance.now();
}
