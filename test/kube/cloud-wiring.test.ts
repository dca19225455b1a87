import './cloud-wiring/spec.tests.ts';
import './cloud-wiring/kubelet-taint.tests.ts';
import './cloud-wiring/rbac.tests.ts';
import './cloud-wiring/cluster.tests.ts';
import './cloud-wiring/ccm-controllers.tests.ts';
