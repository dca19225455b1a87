import './gc/garbage-collector.tests.ts';
import './gc/defs.tests.ts';
import './gc/gc-live-read.tests.ts';
import './gc/gc-property.tests.ts';
import './gc/disruption.tests.ts';
import './gc/resource-quota.tests.ts';
import './gc/namespace.tests.ts';
import './gc/gc-sim.tests.ts';
