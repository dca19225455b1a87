import './namespaces/delete.tests.ts';
import './namespaces/finalize.tests.ts';
import './namespaces/lifecycle-admission.tests.ts';
import './namespaces/end-to-end.tests.ts';
