// Requests as a container runtime sends them, for the plugin's tests.

import { address } from '../../../runtime/index.ts';
import type { CniAdd, CniCheck, CniDel, CniIpRange, CniReply, CniResult } from '../../../protocols/kube/cni.ts';

export const NODE_V4: readonly CniIpRange[] = [{ subnet: '10.244.1.0/24' }];
export const NODE_V6: readonly CniIpRange[] = [{ subnet: 'fd00:10:244:1::/64' }];

export interface Call {
  readonly containerId: string;
  readonly netns?: string;
  readonly ifName?: string;
  readonly ranges?: readonly (readonly CniIpRange[])[];
  readonly reqId?: number;
}

const replyTo = address<CniReply>('/test/runtime');

function base(c: Call) {
  return {
    reqId: c.reqId ?? 1,
    containerId: c.containerId,
    netns: c.netns ?? `/var/run/netns/cni-${c.containerId}`,
    ifName: c.ifName ?? 'eth0',
    args: { K8S_POD_NAMESPACE: 'default', K8S_POD_NAME: `pod-${c.containerId}`, K8S_POD_INFRA_CONTAINER_ID: c.containerId, K8S_POD_UID: `uid-${c.containerId}` },
    runtimeConfig: { ipRanges: c.ranges ?? [NODE_V4] },
    replyTo,
  };
}

export const add = (c: Call): CniAdd => ({ type: 'CniAdd', ...base(c) });
export const del = (c: Call): CniDel => ({ type: 'CniDel', ...base(c) });
export const check = (c: Call, prevResult?: CniResult): CniCheck => ({ type: 'CniCheck', ...base(c), ...(prevResult ? { prevResult } : {}) });
