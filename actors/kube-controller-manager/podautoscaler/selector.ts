// validateAndParseSelector: the target's selector must be there, parse, and select pods that no
// other HPA's target selects — two HPAs fighting over one set of pods would undo each other's
// scaling, so Kubernetes makes both stand still (AmbiguousSelector) until one goes.

import type { HorizontalPodAutoscaler, Pod } from '../../../protocols/kube/objects.ts';
import { matchesLabels, parseLabelSelector } from '../../../protocols/kube/validation/index.ts';
import type { Listers } from '../../client/index.ts';
import { readScale } from './scale-target.ts';

export type SelectorCheck =
  | { readonly ok: true; readonly pods: readonly Pod[] }
  | { readonly ok: false; readonly event: string; readonly reason: string; readonly condition: string; readonly error: string };

export function validateSelector(hpa: HorizontalPodAutoscaler, selector: string, listers: Listers): SelectorCheck {
  const namespace = hpa.metadata!.namespace!;
  if (selector === '') {
    return { ok: false, event: 'SelectorRequired', reason: 'InvalidSelector', condition: "the HPA target's scale is missing a selector", error: 'selector is required' };
  }
  const parsed = parseLabelSelector(selector);
  if (!parsed.ok) {
    const msg = `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`;
    return { ok: false, event: 'InvalidSelector', reason: 'InvalidSelector', condition: msg, error: msg };
  }
  const pods = listers.pods!.namespace(namespace).list(parsed.value) as unknown as Pod[];
  const selecting: string[] = [];
  for (const other of listers.horizontalpodautoscalers!.namespace(namespace).list() as unknown as HorizontalPodAutoscaler[]) {
    const name = other.metadata!.name!;
    const sel = name === hpa.metadata!.name ? selector : otherSelector(other, listers);
    const p = sel === undefined ? undefined : parseLabelSelector(sel);
    if (p === undefined || !p.ok) continue;
    if (pods.some((pod) => matchesLabels(p.value, pod.metadata?.labels ?? {}))) selecting.push(`${namespace}/${name}`);
  }
  if (selecting.length > 1) {
    const msg = `pods by selector ${selector} are controlled by multiple HPAs: [${selecting.sort().join(' ')}]`;
    return { ok: false, event: 'AmbiguousSelector', reason: 'AmbiguousSelector', condition: msg, error: msg };
  }
  return { ok: true, pods };
}

function otherSelector(other: HorizontalPodAutoscaler, listers: Listers): string | undefined {
  const s = other.spec?.scaleTargetRef ? readScale(other.spec.scaleTargetRef, other.metadata!.namespace!, listers) : undefined;
  return s?.ok && s.scale.selector !== '' ? s.scale.selector : undefined;
}
