// Every test file of the apiserver's encryption in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './encryption/aes.tests.ts';
import './encryption/config.tests.ts';
import './encryption/redact.tests.ts';
import './encryption/shell-transform.tests.ts';
import './encryption/transformer.tests.ts';
