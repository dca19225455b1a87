// Every workload test file in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these many small files share most of their imports.

import './workload/annotations.tests.ts';
import './workload/model.tests.ts';
import './workload/properties.tests.ts';
import './workload/reference.tests.ts';
import './workload/shell.tests.ts';
