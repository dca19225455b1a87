// What a write to a Pod's status subresource may change (ValidatePodStatusUpdate): the node it
// runs on is the binding's to set, the QoS class is fixed at creation, and containers that
// terminated stay terminated unless the restart policy restarts them.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Subdomain } from '../../../../protocols/kube/validation/index.ts';
import { type J, isSet, list, rec, str } from './json.ts';

function validateStateTransitions(next: unknown, prev: unknown, path: FieldPath, restartPolicy: string, sidecars: ReadonlySet<string>): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  list(prev).forEach((o, i) => {
    const terminated = rec(o.state).terminated;
    if (!isSet(terminated)) return;
    if (terminated.exitCode !== 0 && restartPolicy === 'OnFailure') return;
    if (sidecars.has(str(o.name))) return;
    for (const n of list(next)) {
      if (n.name === o.name && !isSet(rec(n.state).terminated)) errs.push(fieldError.forbidden(path.index(i).child('state'), 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

/** ValidatePodStatusUpdate without ObjectMeta: nominatedNodeName, qosClass, container state transitions. */
export function validatePodStatusUpdate(pod: J, old: J): FieldError[] {
  const status = rec(pod.status);
  const oldStatus = rec(old.status);
  const oldSpec = rec(old.spec);
  const path = FieldPath.root('status');
  const errs: FieldError[] = [];
  if (str(rec(pod.spec).nodeName) !== str(oldSpec.nodeName)) errs.push(fieldError.forbidden(path.child('nodeName'), 'may not be changed directly'));
  const nominated = str(status.nominatedNodeName);
  if (nominated !== str(oldStatus.nominatedNodeName) && nominated !== '') {
    errs.push(...isDNS1123Subdomain(nominated).map((m) => fieldError.invalid(path.child('nominatedNodeName'), nominated, m)));
  }
  if (str(status.qosClass) !== str(oldStatus.qosClass)) errs.push(fieldError.invalid(path.child('qosClass'), str(status.qosClass), 'field is immutable'));
  const policy = str(oldSpec.restartPolicy);
  const sidecars = new Set(list(oldSpec.initContainers).filter((c) => c.restartPolicy === 'Always').map((c) => str(c.name)));
  errs.push(...validateStateTransitions(status.containerStatuses, oldStatus.containerStatuses, path.child('containerStatuses'), policy, new Set()));
  errs.push(...validateStateTransitions(status.initContainerStatuses, oldStatus.initContainerStatuses, path.child('initContainerStatuses'), policy, sidecars));
  errs.push(...validateStateTransitions(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, path.child('ephemeralContainerStatuses'), 'Never', new Set()));
  return errs;
}
