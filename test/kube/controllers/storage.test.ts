// Every storage controller test file in one ava worker.

import './storage/binder.tests.ts';
import './storage/provision.tests.ts';
import './storage/binder-property.tests.ts';
import './storage/attachdetach.tests.ts';
import './storage/handoff.tests.ts';
import './storage/defs.tests.ts';
