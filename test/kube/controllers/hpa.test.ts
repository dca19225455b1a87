import './hpa/scaling.tests.ts';
import './hpa/limits.tests.ts';
import './hpa/metrics.tests.ts';
import './hpa/target.tests.ts';
import './hpa/calculator.tests.ts';
import './hpa/property.tests.ts';
import './hpa/defs.tests.ts';
