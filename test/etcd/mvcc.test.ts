// The MVCC store's test files in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these share most of theirs.

import './mvcc/bytes.tests.ts';
import './mvcc/compact.tests.ts';
import './mvcc/keyspace.tests.ts';
import './mvcc/kv.tests.ts';
import './mvcc/lease.tests.ts';
import './mvcc/model.property.tests.ts';
import './mvcc/range.tests.ts';
import './mvcc/replication.tests.ts';
import './mvcc/txn.tests.ts';
import './mvcc/watch.property.tests.ts';
import './mvcc/watch.tests.ts';
