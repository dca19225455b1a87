// node --import=tsx test/bench/handler-bench.ts [--rounds=N] [--calls=N]: CPU per call of the
// registry's handleCall, no actors, against an in-memory etcd, for five writes. Beside µs per
// call, each round is divided by a fixed calibration work timed right after it: on a loaded shared
// machine that ratio stays comparable where µs do not. The hash is of the first answers (sha256).

import { createHash } from 'node:crypto';
import type { AdmissionListers, UserInfo } from '../../actors/kube-apiserver/admission/index.ts';
import { handleCall, type RegistryEnv } from '../../actors/kube-apiserver/registry/index.ts';
import { resolveBuiltin } from '../../actors/kube-apiserver/registry/target.ts';
import { decodeObject, forgetEncoded, takeEncoded } from '../../actors/kube-apiserver/storage/codec.ts';
import { strategyFor } from '../../actors/kube-apiserver/strategies/index.ts';
import { nodeStatusPatch } from '../../actors/kubelet/node/status-patch.ts';
import type { KeyValue, RequestOp, StoreCommand, StoreResult } from '../../protocols/etcd/kv.ts';
import type { ApiCall, ApiResult, Target } from '../../protocols/kube/api.ts';
import type { Deployment, KubeObject, Lease, Namespace, Node, NodeStatus, ServiceAccount } from '../../protocols/kube/objects.ts';
import { resourceFor } from '../../protocols/kube/resources.ts';
import { storageKey } from '../../protocols/kube/storage-keys.ts';
import { DEFAULT_EPOCH_MS, rfc3339, rfc3339Micro } from '../../protocols/kube/time.ts';
import { Rng } from '../../runtime/index.ts';

/** `call` makes one request and gives the parts of its answer to hash; the first `hashed` calls are hashed. */
type Workload = { readonly name: string; readonly rounds: number; readonly calls: number; readonly hashed: number; readonly call: () => readonly unknown[] };
const WARMUP = 4; // rounds measured but not counted
const arg = (name: string): number | undefined => {
  const a = process.argv.find((s) => s.startsWith(`--${name}=`));
  return a === undefined ? undefined : Number(a.slice(name.length + 3));
};
const ROUNDS = arg('rounds'), CALLS = arg('calls');
const USER: UserInfo = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };
const PODS: Target = { group: '', version: 'v1', resource: 'pods', namespace: 'default' };
const LEASES: Target = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', namespace: 'kube-node-lease' };
const NODES: Target = { group: '', version: 'v1', resource: 'nodes' };
const DEPLOYS: Target = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'default' };
const T0 = rfc3339(DEFAULT_EPOCH_MS);
const jsonCopy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function listers(namespaces: readonly Namespace[], accounts: readonly ServiceAccount[]): AdmissionListers {
  const none = () => [];
  return {
    namespace: (n) => namespaces.find((ns) => ns.metadata?.name === n),
    serviceAccount: (n, name) => accounts.find((sa) => sa.metadata?.namespace === n && sa.metadata.name === name),
    limitRanges: none, resourceQuotas: none, storageClasses: none, priorityClasses: none, objects: none, pod: () => undefined, node: () => undefined,
  };
}
const namespace = (name: string): Namespace => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, status: { phase: 'Active' } });
const defaultAccount: ServiceAccount = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } };

function envAt(t: number, rng: Rng, admission: AdmissionListers, cached: RegistryEnv['cached']): RegistryEnv {
  return { nowMs: DEFAULT_EPOCH_MS + t, pick: (n) => rng.int(n), resolve: resolveBuiltin, strategyFor, list: () => [], cached, admission, user: USER };
}
const isPut = (o: RequestOp): o is Extract<RequestOp, { type: 'put' }> => o.type === 'put';

/** Pod creates with no store: handleCall, then the one transaction it asks for, answered as applied. */
function podCreates(): Workload {
  const ns: Namespace = { ...namespace('default'), metadata: { name: 'default', uid: 'u1', resourceVersion: '5', creationTimestamp: T0 }, spec: { finalizers: ['kubernetes'] } };
  const sa: ServiceAccount = { ...defaultAccount, metadata: { ...defaultAccount.metadata, uid: 'u2', resourceVersion: '6', creationTimestamp: T0 } };
  const admission = listers([ns], [sa]);
  const rng = new Rng(1);
  let seq = 0, rev = 100;
  const pod = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'bench' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  const call = (): readonly unknown[] => {
    const i = seq++;
    const step = handleCall({ verb: 'create', target: PODS, body: jsonCopy(pod(i)) }, envAt(i * 7, rng, admission, () => undefined));
    if (step.kind !== 'etcd' || step.command.type !== 'txn') throw new Error(JSON.stringify(step));
    const put = step.command.success?.[0];
    if (put === undefined || !isPut(put) || put.value === undefined) throw new Error('a create writes with a put');
    const copy = takeEncoded(put.value);
    const done = step.then({ ok: true, response: { header: { revision: ++rev }, succeeded: true, responses: [] } });
    if (done.kind !== 'done') throw new Error('a create is one transaction');
    return [put.value, done.result, copy];
  };
  return { name: 'pod create', rounds: 5, calls: 3000, hashed: 200, call };
}

/** An in-memory etcd under the registry, with a watch cache holding the copy of every write. */
class FakeEtcd {
  private readonly store = new Map<string, KeyValue>();
  private readonly cache = new Map<string, KubeObject>();
  private readonly rng = new Rng(1);
  private rev = 10;
  constructor(private readonly admission: AdmissionListers) {}
  /** `call` at virtual time `t`, its steps run here; throws unless it succeeds. */
  run(call: ApiCall, t: number): ApiResult {
    let step = handleCall(call, envAt(t, this.rng, this.admission, (r, ns, name) => this.cache.get(storageKey(r, ns, name))));
    while (step.kind === 'etcd') step = step.then(this.apply(step.command));
    if (!step.result.ok) throw new Error(JSON.stringify(step.result.body));
    return step.result;
  }
  /** The watch cache's copy of `target`'s object `name`. */
  cached(target: Target, name: string): KubeObject {
    const r = resourceFor(target.group, target.resource);
    const obj = r && this.cache.get(storageKey(r, target.namespace ?? '', name));
    if (obj === undefined) throw new Error(`no ${target.resource} ${name} in the cache`);
    return obj;
  }
  private apply(c: StoreCommand): StoreResult {
    if (c.type === 'range') {
      const kv = this.store.get(c.key);
      return { ok: true, response: { header: { revision: this.rev }, kvs: kv ? [kv] : [], more: false, count: kv ? 1 : 0 } };
    }
    const put = c.type === 'txn' ? c.success?.find(isPut) : undefined;
    if (c.type !== 'txn' || put === undefined) throw new Error(`unexpected ${c.type}`);
    const cur = this.store.get(put.key);
    const ok = (c.compare ?? []).every((cmp) => (cmp.target === 'CREATE' ? !cur : cur !== undefined && cur.modRevision === cmp.modRevision));
    // Every write goes through here, so the cache is never stale and no compare fails.
    if (!ok) throw new Error(`conflict on ${put.key}`);
    const kv: KeyValue = { key: put.key, value: put.value ?? '', modRevision: ++this.rev, createRevision: cur?.createRevision ?? this.rev, version: 1, lease: 0 };
    this.store.set(put.key, kv);
    const own = takeEncoded(kv.value);
    // The decoded copy is the cache's alone: its resourceVersion is set in place, as cache/own-writes.ts does.
    if (own) (own.metadata as { resourceVersion?: string }).resourceVersion = String(this.rev);
    this.cache.set(put.key, own ?? decodeObject(kv));
    forgetEncoded();
    return { ok: true, response: { header: { revision: this.rev }, succeeded: true, responses: [] } };
  }
}

const steady = (name: string, call: () => readonly unknown[]): Workload => ({ name, rounds: 30, calls: 400, hashed: 50, call });

/** 200 nodes' Leases and Pods; then Lease renewals (PUT from the cache's copy) and Pod status strategic merge patches. */
function leasesAndPods(n = 200): Workload[] {
  const etcd = new FakeEtcd(listers([namespace('default'), namespace('kube-node-lease')], [defaultAccount]));
  for (let i = 0; i < n; i++) {
    const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: `node-${i}` }, spec: { holderIdentity: `node-${i}`, leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' } };
    etcd.run({ verb: 'create', target: LEASES, body: lease as KubeObject }, 0);
    etcd.run({ verb: 'create', target: PODS, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, labels: { app: 'x' } }, spec: { nodeName: `node-${i}`, containers: [{ name: 'c', image: 'nginx' }] } } }, 0);
  }
  let seq = 0; // one count across both workloads: the second's times follow the first's
  const renew = (): readonly unknown[] => {
    const i = seq % n, t = 10_000 * (1 + Math.floor(seq++ / n));
    const cur = etcd.cached(LEASES, `node-${i}`) as KubeObject & Lease;
    const body = jsonCopy({ ...cur, spec: { ...cur.spec, renewTime: rfc3339Micro(DEFAULT_EPOCH_MS + t) } });
    return [etcd.run({ verb: 'update', target: { ...LEASES, name: `node-${i}` }, body }, t)];
  };
  const podStatus = (): readonly unknown[] => {
    const i = seq % n, t = 10_000 * (1 + Math.floor(seq / n));
    const patch = JSON.stringify({ status: { phase: 'Running', conditions: [{ type: 'Ready', status: seq++ % 2 ? 'True' : 'False', lastTransitionTime: rfc3339(DEFAULT_EPOCH_MS + t) }], podIP: `10.0.0.${i % 250}` } });
    return [etcd.run({ verb: 'patch', target: { ...PODS, name: `pod-${i}`, subresource: 'status' }, patchType: 'strategic', patch }, t)];
  };
  return [steady('lease renew', renew), steady('pod status patch', podStatus)];
}

const NODE_CONDITIONS = [
  ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
  ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
] as const;
/** What a kubelet reports for node `i`, its conditions' lastHeartbeatTime `heartbeat`. */
function nodeStatus(i: number, heartbeat: string): NodeStatus {
  const resources = { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
  const conditions = NODE_CONDITIONS.map(([type, status, reason, message]) => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: T0, reason, message }));
  const nodeInfo = { machineID: `m${i}`, systemUUID: `u${i}`, bootID: `b${i}`, kernelVersion: '6.1.0', osImage: 'kybernetes', containerRuntimeVersion: 'kyb://1.0', kubeletVersion: 'v1.32.0', kubeProxyVersion: 'v1.32.0', operatingSystem: 'linux', architecture: 'amd64' };
  const addresses = [{ type: 'InternalIP', address: `10.1.0.${i % 250}` }, { type: 'Hostname', address: `node-${i}` }];
  return { capacity: resources, allocatable: resources, conditions, addresses, daemonEndpoints: { kubeletEndpoint: { Port: 10250 } }, nodeInfo };
}

/** 200 Nodes and Deployments; then kubelet heartbeats (status strategic merge patch) and Deployment status PUTs. */
function nodesAndDeployments(n = 200): Workload[] {
  const etcd = new FakeEtcd(listers([namespace('default')], []));
  for (let i = 0; i < n; i++) {
    const node = etcd.run({ verb: 'create', target: NODES, body: { apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'kubernetes.io/os': 'linux' } }, spec: {} } }, 0);
    etcd.run({ verb: 'patch', target: { ...NODES, name: `node-${i}`, subresource: 'status' }, patchType: 'strategic', patch: nodeStatusPatch(node.body as Node, nodeStatus(i, T0)) }, 0);
    const labels = () => ({ app: `d-${i}` });
    const d: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d-${i}`, labels: labels() }, spec: { replicas: 3, selector: { matchLabels: labels() }, template: { metadata: { labels: labels() }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] } } } };
    etcd.run({ verb: 'create', target: DEPLOYS, body: d as KubeObject }, 0);
  }
  let seq = 0;
  const patchAt = { t: -1, text: '' };
  const heartbeat = (): readonly unknown[] => {
    const i = seq % n, t = 10_000 * (1 + Math.floor(seq++ / n));
    // Only the heartbeat times move, so the kubelet's diff is one text per round: built once, the figure is the apiserver's.
    if (patchAt.t !== t) Object.assign(patchAt, { t, text: nodeStatusPatch(etcd.cached(NODES, `node-${i}`) as Node, nodeStatus(i, rfc3339(DEFAULT_EPOCH_MS + t))) });
    return [etcd.run({ verb: 'patch', target: { ...NODES, name: `node-${i}`, subresource: 'status' }, patchType: 'strategic', patch: patchAt.text }, t)];
  };
  const deployStatus = (): readonly unknown[] => {
    const i = seq % n, t = 10_000 * (1 + Math.floor(seq / n)), ready = seq++ % 4;
    const body = jsonCopy(etcd.cached(DEPLOYS, `d-${i}`));
    const available = { type: 'Available', status: ready === 3 ? 'True' : 'False', lastUpdateTime: rfc3339(DEFAULT_EPOCH_MS + t), lastTransitionTime: T0, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
    const progressing = { type: 'Progressing', status: 'True', lastUpdateTime: T0, lastTransitionTime: T0, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "d-${i}-5d8f" has successfully progressed.` };
    body.status = { observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: ready, availableReplicas: ready, ...(ready < 3 ? { unavailableReplicas: 3 - ready } : {}), conditions: [available, progressing] };
    return [etcd.run({ verb: 'update', target: { ...DEPLOYS, name: `d-${i}`, subresource: 'status' }, body }, t)];
  };
  return [steady('node heartbeat', heartbeat), steady('deploy status put', deployStatus)];
}

const CAL_TEXT = JSON.stringify({ a: Array.from({ length: 50 }, (_, i) => ({ name: `x${i}`, v: i, t: [1, 2, 3], o: { p: 'q' } })) });
const CAL_PARSES = 400;
/** The fixed work each round is set against: CAL_PARSES parses of a 50-element document. */
function calibrate(): number {
  let n = 0;
  for (let i = 0; i < CAL_PARSES; i++) n += (JSON.parse(CAL_TEXT) as { a: unknown[] }).a.length;
  return n;
}
const cpuUs = ({ user, system }: NodeJS.CpuUsage): number => user + system;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(w: Workload): string {
  const rounds = ROUNDS ?? w.rounds, calls = CALLS ?? w.calls;
  const hash = createHash('sha256');
  const times: number[] = [], ratios: number[] = [];
  for (let r = 0, done = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < calls; i++, done++) {
      const parts = w.call();
      if (done < w.hashed) for (const p of parts) hash.update(typeof p === 'string' ? p : JSON.stringify(p));
    }
    const us = cpuUs(process.cpuUsage(c0)) / calls;
    const k0 = process.cpuUsage();
    calibrate();
    const calUs = cpuUs(process.cpuUsage(k0)) / CAL_PARSES;
    if (r < Math.min(WARMUP, rounds - 1)) continue;
    times.push(us);
    ratios.push(us / calUs);
  }
  return `${w.name.padEnd(18)} µs/call ${median(times).toFixed(1).padStart(6)}  ratio ${median(ratios).toFixed(3).padStart(6)}  hash ${hash.digest('hex').slice(0, 16)}`;
}

// Each fixture is built when its turn comes, so its setup runs after the previous ones are measured.
for (const fixture of [() => [podCreates()], leasesAndPods, nodesAndDeployments]) {
  for (const w of fixture()) console.log(measure(w));
}
