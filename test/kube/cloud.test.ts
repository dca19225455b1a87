import './cloud/cloud-core.tests.ts';
import './cloud/node-controller.tests.ts';
import './cloud/node-lifecycle.tests.ts';
import './cloud/service-controller.tests.ts';
import './cloud/route-controller.tests.ts';
import './cloud/sim.tests.ts';
