import './preemption/postfilter.tests.ts';
import './preemption/victims.tests.ts';
