// The kubelet's address on its node. Nothing sends it requests yet: the kubelet's API (logs,
// exec, the summary API behind metrics) comes with `kyb serve` and the add-ons; until then the
// address names where it runs, for tools and checks.

import { service } from '../../runtime/service.ts';

export const kubeletService = service<never>('kubelet');
