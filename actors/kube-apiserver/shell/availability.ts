// The aggregation controllers a replica runs (kube-aggregator's, in kube-apiserver's process):
// CRD registration keeps an APIService per group/version the CRDs serve, and the availability
// controllers keep each APIService's Available condition: at once from the caches when they
// decide it, else after a discovery GET to the server behind it. They look again when an
// APIService's spec, the Service or Endpoints it names, or the CRDs change, and every 30 s.
//
// The discovery GET is a `get` of the group/version itself (no resource) sent to the server's
// actor (the APIService's `sim.kybernetes.io/backend` annotation), as the system:kube-aggregator
// user in system:masters; any 2xx answer passes it.

import { address } from '../../../runtime/index.ts';
import type { ApiCall, ApiResponse, ApiserverMsg } from '../../../protocols/kube/api.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { availability, discovered, withAvailable } from '../aggregation/availability.ts';
import { AUTOMANAGED_LABEL, CONTINUOUSLY, crdAPIServices } from '../aggregation/priorities.ts';
import { handleCall } from '../registry/index.ts';
import type { APIServiceSpec } from '../strategies/core/apiservice.ts';
import { BACKEND_ANNOTATION } from './aggregation.ts';
import { runStep } from './etcd.ts';
import type { Discovered, Shell } from './state.ts';

export const AGGREGATION_RESYNC_MS = 30_000;
/** The discovery client's timeout. */
const DISCOVERY_TIMEOUT_MS = 5_000;
const AGGREGATOR = { name: 'system:kube-aggregator', groups: ['system:masters'] };
const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';
/** The caches (by cache key) whose changes may change what the controllers decide. */
const WATCHED = ['apiregistration.k8s.io/apiservices', '/services', '/endpoints', CRDS];

const apiServiceTarget = (name?: string, subresource?: string) => ({
  group: 'apiregistration.k8s.io',
  version: 'v1',
  resource: 'apiservices',
  ...(name !== undefined ? { name } : {}),
  ...(subresource !== undefined ? { subresource } : {}),
});

export function startAggregation(sh: Shell): void {
  sh.ctx.timers.every('aggregation', AGGREGATION_RESYNC_MS, { type: 'AggregationResync' });
}

/** Registers the CRDs' group/versions and checks every APIService, if anything they depend on changed (or `resync`). */
export function syncAggregation(sh: Shell, resync = false): void {
  const caches = sh.s.caches;
  if (!caches.listed) return;
  const state = sh.s.aggregation;
  // Most etcd events change none of the four: nothing more to look at. (Each cache's change
  // revision only grows, so their sum moves whenever one of them does.)
  let stamp = 0;
  for (const k of WATCHED) stamp += caches.changedAt(k);
  if (!resync && stamp === state.stamp) return;
  state.stamp = stamp;
  const apiServices = caches.items('apiregistration.k8s.io', 'apiservices');
  const backing = apiServices.map((a) => {
    const ref = (a.spec as APIServiceSpec | undefined)?.service;
    if (ref === undefined) return { a };
    const service = caches.cache({ group: '', resource: 'services' })?.get(ref.namespace ?? '', ref.name ?? '');
    const endpoints = caches.cache({ group: '', resource: 'endpoints' })?.get(ref.namespace ?? '', ref.name ?? '');
    return { a, service, endpoints };
  });
  // Specs, not resourceVersions: the controllers' own status writes must not wake them again.
  const seen = [
    caches.changedAt(CRDS),
    ...backing.map(({ a, service, endpoints }) => `${a.metadata.name}@${a.metadata.generation}:${service?.metadata.resourceVersion ?? '-'}:${endpoints?.metadata.resourceVersion ?? '-'}`),
  ].join(',');
  if (!resync && seen === state.seen) return;
  state.seen = seen;
  registerCRDs(sh, apiServices, caches.items('apiextensions.k8s.io', 'customresourcedefinitions') as unknown as CustomResourceDefinition[]);
  for (const { a, service, endpoints } of backing) {
    if (a.metadata.deletionTimestamp !== undefined) continue;
    const verdict = availability(a, service, endpoints);
    if (verdict.kind === 'decided') writeStatus(sh, a, verdict.found);
    else discover(sh, a, verdict.url);
  }
}

function writeStatus(sh: Shell, current: KubeObject, found: Parameters<typeof withAvailable>[1]): void {
  const next = withAvailable(current, found, rfc3339(sh.env.nowMs));
  if (next === undefined) return;
  // A write that loses to the other replicas' is looked at again on the change it lost to.
  runStep(sh, handleCall({ verb: 'update', target: apiServiceTarget(current.metadata.name, 'status'), body: next }, sh.env), () => undefined);
}

function discover(sh: Shell, a: KubeObject, url: string): void {
  const name = a.metadata.name ?? '';
  const checking = sh.s.aggregation.checking;
  if (checking.has(name)) return;
  const backend = a.metadata.annotations?.[BACKEND_ANNOTATION];
  if (backend === undefined || backend === '') return writeStatus(sh, a, discovered(url, { refused: true }));
  checking.add(name);
  const spec = (a.spec ?? {}) as APIServiceSpec;
  const call: ApiCall = { verb: 'get', target: { group: spec.group ?? '', version: spec.version ?? '', resource: '' } };
  sh.ctx.ask<ApiserverMsg, ApiResponse>(
    address<ApiserverMsg>(backend),
    (replyTo) => ({ type: 'Call', id: 0, call, user: AGGREGATOR, replyTo }),
    DISCOVERY_TIMEOUT_MS,
    (result) => ({ type: 'Discovered', name, url, result }),
  );
}

export function onDiscovered(sh: Shell, m: Discovered): void {
  sh.s.aggregation.checking.delete(m.name);
  const current = sh.s.caches.cache({ group: 'apiregistration.k8s.io', resource: 'apiservices' })?.get('', m.name);
  if (current === undefined) return;
  writeStatus(sh, current, discovered(m.url, m.result.ok ? { code: m.result.reply.result.code } : { timedOut: true }));
}

/** CRD registration: an APIService for each group/version a CRD serves, none left for one none serves. */
function registerCRDs(sh: Shell, apiServices: readonly KubeObject[], crds: readonly CustomResourceDefinition[]): void {
  const wanted = crdAPIServices(crds);
  const registering = sh.s.aggregation.registering;
  const have = new Set(apiServices.map((a) => a.metadata.name ?? ''));
  const change = (name: string, call: ApiCall) => {
    registering.add(name);
    runStep(sh, handleCall(call, sh.env), () => registering.delete(name));
  };
  for (const [name, obj] of wanted) if (!have.has(name) && !registering.has(name)) change(name, { verb: 'create', target: apiServiceTarget(), body: obj });
  for (const a of apiServices) {
    const name = a.metadata.name ?? '';
    if (a.metadata.labels?.[AUTOMANAGED_LABEL] === CONTINUOUSLY && !wanted.has(name) && !registering.has(name)) change(name, { verb: 'delete', target: apiServiceTarget(name) });
  }
}
