import './apps/statefulset-scale.tests.ts';
import './apps/daemonset.tests.ts';
