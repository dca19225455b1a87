import './cloud/cloud-core.tests.ts';
import './cloud/node-controller.tests.ts';
