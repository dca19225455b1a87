// Every filter plugin test file in one ava worker.

import './filters/tainttoleration.tests.ts';
