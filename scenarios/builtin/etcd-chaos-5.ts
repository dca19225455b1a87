// Random faults from the seed against a five-member etcd (see etcd-chaos-run.ts).

import { chaosScenario } from './etcd-chaos-run.ts';

export default chaosScenario({ name: 'etcd-chaos-5', members: 5, faults: 10 });
