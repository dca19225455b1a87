// DefaultTolerationSeconds: a pod that does not already tolerate them gets tolerations of the
// not-ready and unreachable NoExecute taints for 300 s, so the node lifecycle controller evicts
// it five minutes after its node fails rather than at once. A toleration with an empty key (all
// taints) or an empty effect (all effects) already covers them.

import type { Pod } from '../../../protocols/kube/objects.ts';
import type { AdmissionAttributes, AdmissionPlugin, Verdict } from './types.ts';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];

const covers = (t: Toleration, key: string): boolean => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);

const toleration = (key: string): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });

function admit(a: AdmissionAttributes): Verdict {
  if (a.resource.group !== '' || a.resource.resource !== 'pods' || a.resource.subresource !== '') return undefined;
  if ((a.operation !== 'CREATE' && a.operation !== 'UPDATE') || a.object === undefined) return undefined;
  const spec = ((a.object as unknown as Pod).spec ??= { containers: [] });
  const present = spec.tolerations ?? [];
  const added = [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE].filter((key) => !present.some((t) => covers(t, key))).map(toleration);
  if (added.length > 0) spec.tolerations = [...present, ...added];
  return undefined;
}

export const defaultTolerationSeconds: AdmissionPlugin = { name: 'DefaultTolerationSeconds', admit };
