import './deployment/hash.tests.ts';
import './deployment/rolling.tests.ts';
