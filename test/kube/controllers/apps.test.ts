import './apps/statefulset-scale.tests.ts';
import './apps/cores.tests.ts';
import './apps/daemonset.tests.ts';
import './apps/statefulset-update.tests.ts';
import './apps/daemonset-update.tests.ts';
import './apps/properties.tests.ts';
