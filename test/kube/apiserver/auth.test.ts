// Every test file of the apiserver's auth in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './auth/authenticate.tests.ts';
import './auth/bootstrap-policy.tests.ts';
import './auth/graph-populator.tests.ts';
import './auth/identities.tests.ts';
import './auth/node-authorizer.tests.ts';
import './auth/rbac-properties.tests.ts';
import './auth/rbac.tests.ts';
import './auth/rule-matching.tests.ts';
