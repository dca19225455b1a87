// What a write to a Pod's status subresource may change (ValidatePodStatusUpdate): the node it
// runs on is the binding's to set, the QoS class is fixed at creation, containers that
// terminated stay terminated unless the restart policy restarts them, and the pod's and its
// host's addresses are valid IPs, one per family.

import { type FieldError, FieldPath, fieldError } from '../../../../protocols/kube/field-errors.ts';
import { isDNS1123Subdomain } from '../../../../protocols/kube/validation/index.ts';
import { familyOf } from '../../allocators/ip.ts';
import { validateIP } from '../core/net.ts';
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

/**
 * validatePodIPs / validateHostIPs: valid addresses, at most one per family, no repeats. The two
 * Kubernetes functions check the last two in opposite orders (`duplicatesFirst` for hostIPs).
 */
function validateIPs(ips: J[], path: FieldPath, duplicatesFirst: boolean): FieldError[] {
  const errs = ips.flatMap((p, i) => validateIP(path.index(i), str(p.ip)));
  if (ips.length < 2) return errs;
  const families = ips.map((p) => familyOf(str(p.ip)));
  const dualStack = families.length === 2 && families.every((f) => f !== undefined) && families[0] !== families[1];
  const family = dualStack ? [] : [fieldError.invalid(path, ips, 'may specify no more than one IP for each IP family')];
  const seen = new Set<string>();
  const duplicates: FieldError[] = [];
  ips.forEach((p, i) => {
    if (seen.has(str(p.ip))) duplicates.push(fieldError.duplicate(path.index(i), p));
    seen.add(str(p.ip));
  });
  return [...errs, ...(duplicatesFirst ? [...duplicates, ...family] : [...family, ...duplicates])];
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
  errs.push(...validateIPs(list(status.podIPs), path.child('podIPs'), false));
  const hostIPs = list(status.hostIPs);
  if (hostIPs.length > 0) {
    if (str(status.hostIP) !== str(hostIPs[0]!.ip)) errs.push(fieldError.invalid(path.child('hostIPs').index(0).child('ip'), str(hostIPs[0]!.ip), 'must be equal to `hostIP`'));
    errs.push(...validateIPs(hostIPs, path.child('hostIPs'), true));
  }
  return errs;
}
