// Every cni-plugin test file in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these many small files share most of their imports.

import './cni-plugin/allocator.tests.ts';
import './cni-plugin/core.tests.ts';
import './cni-plugin/plugin.tests.ts';
import './cni-plugin/property.tests.ts';
import './cni-plugin/ranges.tests.ts';
