// Every test file of the apiserver's admission in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './admission/chain.tests.ts';
import './admission/defaults.tests.ts';
import './admission/limit-ranger.tests.ts';
import './admission/namespace-lifecycle.tests.ts';
import './admission/node-restriction.tests.ts';
import './admission/properties.tests.ts';
import './admission/resource-quota.tests.ts';
import './admission/service-account.tests.ts';
