import './framework/runner.tests.ts';
import './framework/explain.tests.ts';
import './framework/queue.tests.ts';
