// DefaultTolerationSeconds: a pod that does not already tolerate them gets tolerations of the
// not-ready and unreachable NoExecute taints for 300 s, so the node lifecycle controller evicts
// it five minutes after its node fails rather than at once. A toleration with an empty key (all
// taints) or an empty effect (all effects) already covers them.

import type { Pod } from '../../../protocols/kube/objects.ts';
import { isJsonRoundTrip } from '../storage/json-copy.ts';
import type { AdmissionAttributes, AdmissionPlugin, Verdict } from './types.ts';

export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

type Toleration = NonNullable<NonNullable<Pod['spec']>['tolerations']>[number];

const covers = (t: Toleration, key: string): boolean => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect);

/**
 * The two tolerations, the same for every pod: each one frozen value, known to survive a JSON
 * round trip (settled, see storage/json-copy.ts), shared by all pods instead of built for each,
 * as the token volume's projection is (service-account.ts); what reads them knows them by identity.
 */
const settledToleration = (key: string): Readonly<Toleration> => {
  const t = Object.freeze({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  isJsonRoundTrip(t);
  return t;
};
const NOT_READY = settledToleration(TAINT_NODE_NOT_READY);
const UNREACHABLE = settledToleration(TAINT_NODE_UNREACHABLE);
const toleration = (key: string): Toleration => (key === TAINT_NODE_NOT_READY ? NOT_READY : UNREACHABLE);

function admit(a: AdmissionAttributes): Verdict {
  if (a.resource.group !== '' || a.resource.resource !== 'pods' || a.resource.subresource !== '') return undefined;
  if ((a.operation !== 'CREATE' && a.operation !== 'UPDATE') || a.object === undefined) return undefined;
  const spec = ((a.object as unknown as Pod).spec ??= { containers: [] });
  const present = spec.tolerations ?? [];
  if (!Array.isArray(present)) return addMissing(spec, present);
  // Every pod write comes here: both keys looked for in one pass (holes skipped, as some() skips
  // them), the list built only when one is missing.
  let notReady = false;
  let unreachable = false;
  for (let i = 0; i < present.length; i++) {
    if (!(i in present)) continue;
    const t = present[i]!;
    if (!notReady && covers(t, TAINT_NODE_NOT_READY)) notReady = true;
    if (!unreachable && covers(t, TAINT_NODE_UNREACHABLE)) unreachable = true;
    if (notReady && unreachable) return undefined;
  }
  const tolerations = [...present];
  if (!notReady) tolerations.push(NOT_READY);
  if (!unreachable) tolerations.push(UNREACHABLE);
  spec.tolerations = tolerations;
  return undefined;
}

/** The general form, for a list that is not an array (a malformed body): as it always was. */
function addMissing(spec: NonNullable<Pod['spec']>, present: readonly Toleration[]): Verdict {
  const added = [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE].filter((key) => !present.some((t) => covers(t, key))).map(toleration);
  if (added.length > 0) spec.tolerations = [...present, ...added];
  return undefined;
}

export const defaultTolerationSeconds: AdmissionPlugin = { name: 'DefaultTolerationSeconds', admit };
