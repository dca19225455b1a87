// The kubelet's attach/detach handshake tests in one ava worker.

import './kubelet/attach/attach.tests.ts';
import './kubelet/attach/handshake.tests.ts';
