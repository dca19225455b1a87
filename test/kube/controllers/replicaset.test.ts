import './replicaset/victims.tests.ts';
import './replicaset/scale.tests.ts';
import './replicaset/claim.tests.ts';
import './replicaset/status.tests.ts';
