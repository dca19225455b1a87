// An HPA loop against the real registry, a Deployment target, a stand-in for the workload
// controllers and the kubelet (pods follow the Deployment's replicas, Running and Ready since
// long ago unless told otherwise) and a scripted resource metrics source.

import type { HorizontalPodAutoscaler, KubeObject, Pod } from '../../../../protocols/kube/objects.ts';
import { DEFAULT_EPOCH_MS, rfc3339 } from '../../../../protocols/kube/time.ts';
import { deleteCall, updateCall } from '../../../../actors/client/index.ts';
import { hpaKeys, HPA_INFORMERS } from '../../../../actors/kube-controller-manager/podautoscaler/controller.ts';
import { emptyHPAMemory, type HPAMemory, hpaWritten } from '../../../../actors/kube-controller-manager/podautoscaler/memory.ts';
import type { PodMetricsSample, PodMetricsSource } from '../../../../actors/kube-controller-manager/podautoscaler/metrics-source.ts';
import { reconcileHPA } from '../../../../actors/kube-controller-manager/podautoscaler/reconcile.ts';
import { ControllerLoop } from '../loop.ts';

/** Per-pod cpu usage, by pod name or for every pod ('*'); `off` answers nothing (no metrics API). */
export class ScriptedMetrics implements PodMetricsSource {
  usage: Record<string, string> = {};
  off = false;
  /** Pods that have no sample. */
  missing = new Set<string>();
  loop?: ControllerLoop<HPAMemory>;
  podMetrics(namespace: string, selector: string): PodMetricsSample[] | undefined {
    if (this.off) return undefined;
    const loop = this.loop!;
    const pods = loop.list('pods', namespace) as unknown as Pod[];
    const sel = selector.split(',').map((kv) => kv.split('='));
    return pods
      .filter((p) => sel.every(([k, v]) => p.metadata?.labels?.[k!] === v))
      .filter((p) => !this.missing.has(p.metadata!.name!))
      .map((p) => ({ pod: p.metadata!.name!, timestampMs: loop.now, windowMs: 15_000, containers: [{ name: 'c', usage: { cpu: this.usage[p.metadata!.name!] ?? this.usage['*'] ?? '0' } }] }));
  }
}

/** `null`: no metrics source at all (the metrics API not served). */
export function hpaLoop(metrics: ScriptedMetrics | null = new ScriptedMetrics()): ControllerLoop<HPAMemory> {
  const loop = new ControllerLoop<HPAMemory>({
    informers: HPA_INFORMERS,
    keysFor: hpaKeys,
    reconcile: (k, l, now, m) => reconcileHPA(k, l, now, m, metrics ?? undefined, DEFAULT_EPOCH_MS),
    memory: emptyHPAMemory,
    written: hpaWritten,
  });
  if (metrics) metrics.loop = loop;
  return loop;
}

export function deployment(name: string, replicas: number, cpuRequest = '100m'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', resources: { requests: { cpu: cpuRequest, memory: '64Mi' } } }] } },
    },
  };
}

export function hpa(name: string, target: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...spec,
    },
  };
}

export const replicasOf = (loop: ControllerLoop<HPAMemory>, name: string): number => (loop.get('deploy', name) as unknown as { spec: { replicas: number } }).spec.replicas;
export const hpaOf = (loop: ControllerLoop<HPAMemory>, name: string) => loop.get('hpa', name) as unknown as HorizontalPodAutoscaler;
export const conditionOf = (loop: ControllerLoop<HPAMemory>, name: string, type: string) => hpaOf(loop, name).status?.conditions?.find((c) => c.type === type);

/** Pods `<deploy>-<i>` follow the Deployment's replicas; new ones Running and Ready since `readyAgoMs`. */
export function followReplicas(loop: ControllerLoop<HPAMemory>, name: string, readyAgoMs = 600_000): void {
  const want = replicasOf(loop, name);
  const dep = loop.get('deploy', name) as unknown as { spec: { template: { spec: Pod['spec'] } } };
  const have = (loop.list('pods', 'default') as unknown as Pod[]).filter((p) => p.metadata?.labels?.app === name);
  for (let i = 0; i < Math.max(want, have.length); i++) {
    const podName = `${name}-${i}`;
    const exists = have.some((p) => p.metadata!.name === podName);
    if (i >= want && exists) loop.apply(deleteCall('pods', podName, { namespace: 'default' }, { gracePeriodSeconds: 0 }));
    if (i < want && !exists) {
      const created = loop.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: podName, namespace: 'default', labels: { app: name } }, spec: { ...dep.spec.template.spec!, nodeName: 'node-1' } });
      const since = rfc3339(DEFAULT_EPOCH_MS + loop.now - readyAgoMs);
      const status = { phase: 'Running', startTime: since, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: since }] };
      loop.apply(updateCall({ ...created, status }, { subresource: 'status' }));
    }
  }
  // The workload's own status.replicas, as its controller would report it.
  const cur = loop.get('deploy', name)!;
  loop.apply(updateCall({ ...cur, status: { ...(cur as { status?: object }).status, replicas: want } }, { subresource: 'status' }));
}

/** One HPA sync every 15 s for `syncs` syncs, pods following the replicas after each; the replicas after each sync. */
export function run(loop: ControllerLoop<HPAMemory>, name: string, syncs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < syncs; i++) {
    loop.step();
    followReplicas(loop, name);
    out.push(replicasOf(loop, name));
    loop.advance(15_000);
  }
  return out;
}
