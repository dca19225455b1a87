import './control-plane/invariants.tests.ts';
import './control-plane/spec.tests.ts';
