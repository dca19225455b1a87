// The CNI plugin's messages as the runtime uses them (protocols/kube/cni.ts).

import type { ActorRef } from '../../runtime/index.ts';
import type { CniMsg } from '../../protocols/kube/cni.ts';

export type { CniAdd, CniArgs, CniDel, CniMsg, CniOp, CniReply, CniResult, CniRuntimeConfig } from '../../protocols/kube/cni.ts';

/** The plugin as the runtime sees it: cniPluginService.on(node). */
export type CniPluginRef = ActorRef<CniMsg>;
