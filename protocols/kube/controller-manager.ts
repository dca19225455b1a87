// kube-controller-manager's address on a control plane. It takes no requests: its controllers
// talk only to the apiserver. The address names where it runs, for tools and checks.

import { service } from '../../runtime/service.ts';

export const kubeControllerManagerService = service<never>('kube-controller-manager');
