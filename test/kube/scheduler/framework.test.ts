import './framework/runner.tests.ts';
