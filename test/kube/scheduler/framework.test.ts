import './framework/runner.tests.ts';
import './framework/explain.tests.ts';
import './framework/queue.tests.ts';
import './framework/profile.tests.ts';
import './framework/cache.tests.ts';
