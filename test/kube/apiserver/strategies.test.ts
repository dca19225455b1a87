// Every test file of the apiserver's strategies in one ava worker: each file is a worker process that
// compiles the TypeScript it imports, and these small files share most of their imports.

import './strategies/core/config.tests.ts';
import './strategies/core/endpoints-event.tests.ts';
import './strategies/core/namespace-node.tests.ts';
import './strategies/core/quota-rbac.tests.ts';
import './strategies/core/service-registry.tests.ts';
import './strategies/core/service.tests.ts';
import './strategies/core/storage.tests.ts';
import './strategies/core/csinode.tests.ts';
import './strategies/meta.tests.ts';
import './strategies/status-prepare.tests.ts';
import './strategies/same-json.tests.ts';
import './strategies/workloads/apps-controllers.tests.ts';
import './strategies/workloads/autoscaling-policy.tests.ts';
import './strategies/workloads/batch.tests.ts';
import './strategies/workloads/clean-memo.tests.ts';
import './strategies/workloads/deployment.tests.ts';
import './strategies/workloads/initial-status.tests.ts';
import './strategies/workloads/json-views.tests.ts';
import './strategies/workloads/pod-subresources.tests.ts';
import './strategies/workloads/pod-update.tests.ts';
import './strategies/workloads/pod.tests.ts';
import './strategies/workloads/robustness.tests.ts';
import './strategies/workloads/spec-memo.tests.ts';
import './strategies/workloads/warnings.tests.ts';
