import './batch/job-basic.tests.ts';
