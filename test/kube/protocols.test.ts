// The tests of protocols/kube's objects, quantities, resources, statuses and timestamps in one ava
// worker: each file is a worker process that compiles the TypeScript it imports.

import './protocols/field-errors.tests.ts';
import './protocols/manifests.tests.ts';
import './protocols/quantity.tests.ts';
import './protocols/resolve.tests.ts';
import './protocols/resources.tests.ts';
import './protocols/status.tests.ts';
import './protocols/storage-keys.tests.ts';
import './protocols/time.tests.ts';
