// Every test file of the apiserver's crd/ folder in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './crd/crd-registry.tests.ts';
import './crd/crd.tests.ts';
import './crd/cr-field-validation.tests.ts';
import './crd/schema-properties.tests.ts';
