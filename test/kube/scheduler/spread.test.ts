import './spread/spread-filter.tests.ts';
import './spread/spread-score.tests.ts';
import './spread/spread-property.tests.ts';
import './spread/affinity-filter.tests.ts';
import './spread/affinity-score.tests.ts';
