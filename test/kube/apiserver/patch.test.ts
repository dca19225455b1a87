// Every test file of the apiserver's patch in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './patch/apply-patch.tests.ts';
import './patch/apply/conflict.tests.ts';
import './patch/apply/create-fields.tests.ts';
import './patch/apply/crd-schema.tests.ts';
import './patch/apply/field-manager.tests.ts';
import './patch/apply/field-set.tests.ts';
import './patch/apply/fields-v1.tests.ts';
import './patch/apply/idempotence.tests.ts';
import './patch/apply/kind-schema.tests.ts';
import './patch/apply/last-applied.tests.ts';
import './patch/apply/patch-options.tests.ts';
import './patch/apply/path-element.tests.ts';
import './patch/apply/scale-handler.tests.ts';
import './patch/apply/typed-walks.tests.ts';
import './patch/apply/updater.tests.ts';
import './patch/apply/update-shortcuts.tests.ts';
import './patch/go-json-syntax.tests.ts';
import './patch/json-patch.tests.ts';
import './patch/merge-patch.tests.ts';
import './patch/strategic-merge-properties.tests.ts';
import './patch/strategic-merge.tests.ts';
import './patch/well-typed.property.tests.ts';
