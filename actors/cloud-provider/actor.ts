// The cloud provider actor: the simulated cloud's core behind a mailbox, one reply per request.
// Its state is the cloud; a restart of the actor would be the cloud forgetting everything, so the
// cluster builder runs it as a permanent child of its own host that no scenario crashes.

import { defineActor } from '../../runtime/index.ts';
import type { CloudRequest } from '../../protocols/kube/cloud.ts';
import { type CloudOptions, type CloudState, handle, newCloud } from './cloud.ts';

export const CLOUD_PROVIDER_KIND = 'cloud-provider';

export function cloudProvider(options: CloudOptions = {}) {
  return defineActor<CloudRequest, CloudState>({
    kind: CLOUD_PROVIDER_KIND,
    init: () => newCloud(options),
    receive: (s, m, ctx) => {
      const { replyTo, ...request } = m;
      ctx.send(replyTo, handle(s, request));
      return s;
    },
    describe: (s) => ({
      region: s.region,
      instances: Object.fromEntries(Object.values(s.instances).map((i) => [i.name, `${i.zone} ${i.state}`])),
      loadBalancers: Object.fromEntries(Object.values(s.loadBalancers).map((lb) => [lb.service, `${lb.ip} → ${lb.nodes.join(',')}`])),
      routes: Object.values(s.routes).map((r) => `${r.destinationCIDR} → ${r.targetNode}`),
      disks: Object.keys(s.disks).length,
    }),
  });
}
