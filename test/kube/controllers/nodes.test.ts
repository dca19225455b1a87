import './nodes/lifecycle.tests.ts';
import './nodes/eviction.tests.ts';
import './nodes/ipam.tests.ts';
import './nodes/cores.tests.ts';
import './nodes/defs.tests.ts';
