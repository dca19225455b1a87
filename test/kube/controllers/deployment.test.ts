import './deployment/hash.tests.ts';
import './deployment/rolling.tests.ts';
import './deployment/strategies.tests.ts';
