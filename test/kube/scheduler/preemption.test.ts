import './preemption/postfilter.tests.ts';
import './preemption/victims.tests.ts';
import './preemption/pick.tests.ts';
import './preemption/sampling.tests.ts';
import './preemption/property.tests.ts';
import './preemption/wiring.tests.ts';
