import './endpoints/slices.tests.ts';
import './endpoints/churn.tests.ts';
import './endpoints/property.tests.ts';
import './endpoints/endpoints.tests.ts';
import './endpoints/serviceaccounts.tests.ts';
import './endpoints/defs.tests.ts';
