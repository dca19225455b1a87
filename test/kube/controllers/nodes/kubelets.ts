// Stand-in kubelets for the node controllers' loop tests: nodes that register Ready and renew
// their Lease every 10 s while alive, pods bound to them and Running/Ready, and a way to let
// virtual time pass in monitor-period steps with the controller's round run at each.

import type { KubeObject, Node, Pod } from '../../../../protocols/kube/objects.ts';
import { rfc3339, rfc3339Micro, DEFAULT_EPOCH_MS } from '../../../../protocols/kube/time.ts';
import { updateCall } from '../../../../actors/client/index.ts';
import type { ControllerLoop } from '../loop.ts';

const at = (loop: ControllerLoop<any>) => DEFAULT_EPOCH_MS + loop.now;

export function readyConditions(loop: ControllerLoop<any>, status = 'True') {
  const ts = rfc3339(at(loop));
  return ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) => ({
    type,
    status: type === 'Ready' ? status : 'False',
    reason: type === 'Ready' ? (status === 'True' ? 'KubeletReady' : 'KubeletNotReady') : 'KubeletHasSufficientMemory',
    message: '',
    lastHeartbeatTime: ts,
    lastTransitionTime: ts,
  }));
}

export class Kubelets {
  readonly alive = new Set<string>();
  private nextRenew = new Map<string, number>();

  constructor(readonly loop: ControllerLoop<any>) {
    if (loop.get('ns', 'kube-node-lease') === undefined) loop.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-node-lease' } });
  }

  addNode(name: string, labels: Record<string, string> = {}): Node {
    const created = this.loop.create({ apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } }, spec: {} }) as Node;
    this.loop.apply(updateCall({ ...(created as KubeObject), apiVersion: 'v1', kind: 'Node', status: { conditions: readyConditions(this.loop) } } as KubeObject, { subresource: 'status' }));
    this.loop.create({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: rfc3339Micro(at(this.loop)) } });
    this.alive.add(name);
    this.nextRenew.set(name, this.loop.now + 10_000);
    return this.loop.get('node', name) as Node;
  }

  /** A kubelet comes back: posts Ready and renews at once. */
  revive(name: string): void {
    this.alive.add(name);
    const node = this.loop.get('node', name) as Node;
    this.loop.apply(updateCall({ ...(node as KubeObject), apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions: readyConditions(this.loop) } } as KubeObject, { subresource: 'status' }));
    this.renew(name);
  }

  /** The node's kubelet posts Ready False (it runs but is not ready), keeping its lease. */
  notReady(name: string): void {
    const node = this.loop.get('node', name) as Node;
    this.loop.apply(updateCall({ ...(node as KubeObject), apiVersion: 'v1', kind: 'Node', status: { ...node.status, conditions: readyConditions(this.loop, 'False') } } as KubeObject, { subresource: 'status' }));
  }

  private renew(name: string): void {
    const lease = this.loop.get('lease', name, 'kube-node-lease')!;
    this.loop.apply(updateCall({ ...lease, spec: { ...(lease.spec as object), renewTime: rfc3339Micro(at(this.loop)) } }));
    this.nextRenew.set(name, this.loop.now + 10_000);
  }

  tick(): void {
    for (const name of this.alive) if ((this.nextRenew.get(name) ?? 0) <= this.loop.now) this.renew(name);
  }

  /** Runs `ms` of virtual time in steps of `stepMs`: kubelets renew, then the controller settles. */
  run(ms: number, stepMs = 1_000): void {
    for (let t = 0; t < ms; t += stepMs) {
      this.loop.advance(stepMs);
      this.tick();
      this.loop.settle();
    }
  }

  addPod(name: string, node: string, extra: Partial<Pod['spec']> = {}): Pod {
    const pod = this.loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }], ...extra } }) as Pod;
    const ts = rfc3339(at(this.loop));
    const status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: ts }] };
    return this.loop.apply(updateCall({ ...(pod as KubeObject), apiVersion: 'v1', kind: 'Pod', status } as KubeObject, { subresource: 'status' })) as Pod;
  }
}

export const taintKeys = (n: KubeObject | undefined) => ((n as Node | undefined)?.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
export const readyOf = (n: KubeObject | undefined) => (n as Node | undefined)?.status?.conditions?.find((c) => c.type === 'Ready');
