// The attachdetach-controller's ControllerDef: one key per node.

import type { InformerSpec } from '../../client/index.ts';
import type { ControllerDef } from '../context.ts';
import { type AttachMemory, attachDetachKeys, reconcileAttachDetach } from './attachdetach.ts';

export const ATTACH_DETACH = 'attachdetach-controller';

export const ATTACH_DETACH_INFORMERS: readonly InformerSpec[] = [
  { name: 'nodes', resource: 'nodes' },
  { name: 'pods', resource: 'pods' },
  { name: 'claims', resource: 'persistentvolumeclaims' },
  { name: 'volumes', resource: 'persistentvolumes' },
];

export const attachDetachController: ControllerDef<AttachMemory> = {
  name: ATTACH_DETACH,
  spec: (c) => ({
    client: c.client(ATTACH_DETACH),
    informers: ATTACH_DETACH_INFORMERS,
    keysFor: (informer, n, listers) => attachDetachKeys(informer, n, listers),
    reconcile: (key, listers, now, memory) => reconcileAttachDetach(key, listers, now, memory),
    memory: () => ({ unmountWaitSince: {} }),
    component: 'attachdetach-controller',
    epochMs: c.epochMs,
  }),
};
