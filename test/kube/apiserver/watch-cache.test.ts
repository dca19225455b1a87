// Every test file of the apiserver's watch-cache in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './watch-cache/bookmarks.tests.ts';
import './watch-cache/element.tests.ts';
import './watch-cache/store.tests.ts';
import './watch-cache/continue-token.tests.ts';
import './watch-cache/history.property.tests.ts';
import './watch-cache/interleaved.property.tests.ts';
import './watch-cache/list-10k.tests.ts';
import './watch-cache/list.tests.ts';
import './watch-cache/progress-floor.tests.ts';
import './watch-cache/watch.tests.ts';
import './watch-cache/window.tests.ts';
