import './batch/job-basic.tests.ts';
import './batch/job-failure.tests.ts';
import './batch/job-indexed.tests.ts';
import './batch/job-properties.tests.ts';
import './batch/cronjob.tests.ts';
import './batch/ttl.tests.ts';
import './batch/schedule.tests.ts';
import './batch/cronjob-properties.tests.ts';
