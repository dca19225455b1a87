import './replicaset/victims.tests.ts';
import './replicaset/scale.tests.ts';
import './replicaset/claim.tests.ts';
import './replicaset/status.tests.ts';
import './replicaset/expectations.tests.ts';
import './replicaset/property.tests.ts';
import './replicaset/podgc.tests.ts';
import './replicaset/defs.tests.ts';
