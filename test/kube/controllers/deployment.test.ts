import './deployment/hash.tests.ts';
import './deployment/rolling.tests.ts';
import './deployment/strategies.tests.ts';
import './deployment/rollback.tests.ts';
import './deployment/ownership.tests.ts';
import './deployment/invariants.tests.ts';
import './deployment/math.tests.ts';
