import './root-ca/publisher.tests.ts';
