import './preemption/postfilter.tests.ts';
