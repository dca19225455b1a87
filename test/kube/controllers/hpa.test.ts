import './hpa/scaling.tests.ts';
