import './nodes/lifecycle.tests.ts';
