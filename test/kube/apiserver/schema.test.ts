// Every test file of the apiserver's schema in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './schema/convert-errors.tests.ts';
import './schema/dts.tests.ts';
import './schema/field-schema.tests.ts';
import './schema/go-base64.tests.ts';
import './schema/go-types.tests.ts';
import './schema/patch-meta.tests.ts';
import './schema/type-errors.tests.ts';
import './schema/unknown-fields.tests.ts';
