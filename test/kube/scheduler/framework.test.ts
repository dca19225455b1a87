import './framework/runner.tests.ts';
import './framework/explain.tests.ts';
