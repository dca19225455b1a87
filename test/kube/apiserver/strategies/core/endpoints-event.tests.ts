import test from 'ava';
import { endpointSliceStrategy as slices, endpointsStrategy as eps } from '../../../../../actors/kube-apiserver/strategies/core/endpoints.ts';
import { eventStrategy as events } from '../../../../../actors/kube-apiserver/strategies/core/event.ts';
import { create, obj, update } from './harness.ts';

test('endpoints: addresses required per subset, IPs checked, names required with several ports', (t) => {
  t.true(eps.allowCreateOnUpdate);
  const e = (subsets: unknown[]) => obj('v1', 'Endpoints', 'web', { subsets }, 'default');
  t.deepEqual(create(eps, e([{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }])), []);
  t.deepEqual(create(eps, e([{ ports: [{ port: 80 }] }])), ['subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`']);
  t.deepEqual(create(eps, e([{ addresses: [{ ip: 'x' }] }])), ['subsets[0].addresses[0].ip: Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']);
  t.deepEqual(create(eps, e([{ addresses: [{ ip: '169.254.1.1' }] }])), ['subsets[0].addresses[0].ip: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)']);
  t.deepEqual(create(eps, e([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }, { port: 81 }] }])), ['subsets[0].ports[0].name: Required value', 'subsets[0].ports[1].name: Required value']);
});

test('endpointslices: addressType required, supported and immutable; addresses by type', (t) => {
  const s = (body: Record<string, unknown>) => obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc', body, 'default');
  t.deepEqual(create(slices, s({ addressType: 'IPv4', endpoints: [{ addresses: ['10.1.2.3'] }], ports: [{ name: 'http', port: 80 }] })), []);
  t.deepEqual(create(slices, s({ endpoints: [] })), ['addressType: Required value']);
  t.deepEqual(create(slices, s({ addressType: 'IP' })), ['addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"']);
  t.deepEqual(create(slices, s({ addressType: 'IPv6', endpoints: [{ addresses: ['10.1.2.3'] }] })), ['endpoints[0].addresses[0]: Invalid value: "10.1.2.3": must be a valid IPv6 address']);
  t.deepEqual(create(slices, s({ addressType: 'IPv4', endpoints: [{ addresses: [] }] })), ['endpoints[0].addresses: Required value: must contain at least 1 address']);
  const old = s({ addressType: 'IPv4' });
  create(slices, old);
  t.deepEqual(update(slices, s({ addressType: 'IPv6' }), old), ['addressType: Invalid value: "IPv6": field is immutable']);
});

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

test('events: old-style namespaces must match; new-style need reporting fields', (t) => {
  const ev = (body: Record<string, unknown>, ns = 'default') => obj('v1', 'Event', 'pod.123', body, ns);
  t.deepEqual(create(events, ev({ involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' }, reason: 'Started' })), []);
  t.deepEqual(create(events, ev({ involvedObject: { kind: 'Pod', namespace: 'other', name: 'p' } })), ['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  t.deepEqual(create(events, ev({ involvedObject: { kind: 'Node', name: 'n' } })), []);
  t.deepEqual(create(events, ev({ eventTime: '2026-01-01T00:00:00.000000Z', involvedObject: { kind: 'Pod', namespace: 'default', name: 'p' } })), [
    'reportingComponent: Required value',
    // Kubernetes also runs the qualified-name check on the empty value.
    'reportingComponent: Invalid value: "": name part must be non-empty',
    `reportingComponent: Invalid value: "": ${NAME_PART}`,
    'reportingInstance: Required value',
    'action: Required value',
    'reason: Required value',
  ]);
  t.true(events.allowCreateOnUpdate);
});

test('event selectable fields (ToSelectableFields)', (t) => {
  const e = obj('v1', 'Event', 'e', { involvedObject: { kind: 'Pod', namespace: 'default', name: 'p', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{c}' }, reason: 'Killing', type: 'Normal', source: { component: 'kubelet' } }, 'default');
  t.deepEqual(events.selectableFields!(e), {
    'involvedObject.kind': 'Pod',
    'involvedObject.namespace': 'default',
    'involvedObject.name': 'p',
    'involvedObject.uid': 'u1',
    'involvedObject.apiVersion': 'v1',
    'involvedObject.resourceVersion': '',
    'involvedObject.fieldPath': 'spec.containers{c}',
    reason: 'Killing',
    reportingComponent: '',
    source: 'kubelet',
    type: 'Normal',
  });
});
