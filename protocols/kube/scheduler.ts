// kube-scheduler's address on a control plane. It takes no requests: it watches and binds
// through the apiserver. The address names where it runs, for tools and checks.

import { service } from '../../runtime/service.ts';

export const kubeSchedulerService = service<never>('kube-scheduler');
