import './sched-perf/attempt-record.tests.ts';
import './sched-perf/snapshot-summary.tests.ts';
import './sched-perf/fast-paths.tests.ts';
