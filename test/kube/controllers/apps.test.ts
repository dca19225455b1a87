import './apps/statefulset-scale.tests.ts';
