import './replicaset/victims.tests.ts';
import './replicaset/scale.tests.ts';
