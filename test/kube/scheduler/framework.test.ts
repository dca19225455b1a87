import './framework/runner.tests.ts';
import './framework/explain.tests.ts';
import './framework/queue.tests.ts';
import './framework/profile.tests.ts';
import './framework/cache.tests.ts';
import './framework/attempt-record.tests.ts';
import './framework/snapshot-summary.tests.ts';
import './framework/fast-paths.tests.ts';
