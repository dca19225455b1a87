// The client library's pure cores' test files in one ava worker (the simulated ones, *-sim, run
// apart): each file is a worker process that compiles the TypeScript it imports.

import './client/api-client.tests.ts';
import './client/event-correlator.tests.ts';
import './client/informer.tests.ts';
import './client/leader-election.tests.ts';
import './client/owner-keys.tests.ts';
import './client/reflector-property.tests.ts';
import './client/reflector.tests.ts';
import './client/requests.tests.ts';
import './client/store.tests.ts';
import './client/time.tests.ts';
import './client/token-bucket.tests.ts';
import './client/workqueue.tests.ts';
