// Random faults from the seed against a three-member etcd (see etcd-chaos-run.ts).

import { chaosScenario } from './etcd-chaos-run.ts';

export default chaosScenario({ name: 'etcd-chaos', members: 3, faults: 8 });
