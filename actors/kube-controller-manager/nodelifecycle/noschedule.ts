// TaintNodesByCondition: a node's conditions and spec.unschedulable, mirrored as NoSchedule
// taints the scheduler filters on. Done on every change of the node, not on the monitor's
// period, so a node reporting pressure stops receiving pods at once. The node's beta labels are
// reconciled on the same pass, as the real controller's node worker does.

import type { Node } from '../../../protocols/kube/objects.ts';
import type { Listers, ReconcileResult } from '../../client/index.ts';
import { betaLabelsPatch } from './labels.ts';
import { managedNoScheduleTaints, sameTaint, swapTaints, taintsPatch, wantedNoScheduleTaints } from './taints.ts';

export function noScheduleTaints(name: string, listers: Listers): ReconcileResult {
  const node = listers.nodes!.get(name) as Node | undefined;
  if (node === undefined) return { writes: [] };
  const wanted = wantedNoScheduleTaints(node);
  const have = managedNoScheduleTaints(node);
  const add = wanted.filter((t) => !have.some((h) => sameTaint(h, t)));
  const remove = have.filter((t) => !wanted.some((w) => sameTaint(w, t)));
  const writes = add.length === 0 && remove.length === 0 ? [] : [taintsPatch(node, swapTaints(node.spec?.taints, add, remove))];
  const labels = betaLabelsPatch(node);
  return { writes: labels === undefined ? writes : [...writes, labels] };
}
