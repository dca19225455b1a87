// Every container-runtime test file in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these many small files share most of their imports.

import './container-runtime/container.tests.ts';
import './container-runtime/faults.tests.ts';
import './container-runtime/images-core.tests.ts';
import './container-runtime/images.tests.ts';
import './container-runtime/journal.tests.ts';
import './container-runtime/log-store.tests.ts';
import './container-runtime/records.tests.ts';
import './container-runtime/sandbox.tests.ts';
import './container-runtime/volume-data.tests.ts';
