import './namespaces/delete.tests.ts';
