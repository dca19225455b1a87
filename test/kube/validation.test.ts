// The validators' test files in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these share most of theirs.

import './validation/field-selector.tests.ts';
import './validation/label-selector-object.tests.ts';
import './validation/label-selector.tests.ts';
import './validation/names.tests.ts';
