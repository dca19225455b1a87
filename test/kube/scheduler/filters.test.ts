// Every filter plugin test file in one ava worker.

import './filters/nodeaffinity-property.tests.ts';
import './filters/nodeaffinity.tests.ts';
import './filters/nodefilters.tests.ts';
import './filters/nodeports.tests.ts';
import './filters/tainttoleration.tests.ts';
