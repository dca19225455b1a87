// Every kubelet test file in one ava worker: each file is a worker process that compiles the
// TypeScript it imports, and these many small files share most of their imports.

import './kubelet/admission/admission.tests.ts';
import './kubelet/backoff/backoff.tests.ts';
import './kubelet/eviction/eviction.tests.ts';
import './kubelet/images.tests.ts';
import './kubelet/node/lease.tests.ts';
import './kubelet/node/node-object.tests.ts';
import './kubelet/node/status-update.tests.ts';
import './kubelet/probes/spec.tests.ts';
import './kubelet/probes/worker.tests.ts';
import './kubelet/qos/qos.tests.ts';
import './kubelet/status/phase.tests.ts';
import './kubelet/status/pod-status.tests.ts';
import './kubelet/sync/configs-and-kill.tests.ts';
import './kubelet/sync/init-actions.tests.ts';
import './kubelet/sync/pod-actions-properties.tests.ts';
import './kubelet/sync/pod-actions.tests.ts';
import './kubelet/volumes/env.tests.ts';
import './kubelet/volumes/expansion.tests.ts';
import './kubelet/volumes/object-refs.tests.ts';
import './kubelet/volumes/payload.tests.ts';
import './kubelet/volumes/pod-volumes.tests.ts';
import './kubelet/attach/attach.tests.ts';
import './kubelet/attach/handshake.tests.ts';
