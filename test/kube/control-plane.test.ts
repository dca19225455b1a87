import './control-plane/invariants.tests.ts';
import './control-plane/spec.tests.ts';
import './control-plane/scenario.tests.ts';
import './control-plane/planted.tests.ts';
import './control-plane/planted-replicaset.tests.ts';
