import { Simulation } from '/work/main/runtime/kernel/index.ts';
import { ScenarioContext } from '/work/main/scenarios/scenario.ts';
const sim = new Simulation({ seed: 1, maxPerInstant: 20000 } as any);
const s = new ScenarioContext(sim);
s.cluster({ workers: 1 });
await s.advance('5s');
await s.kube.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'liveness-exec', namespace: 'default' }, spec: { nodeName: 'worker-1', containers: [{ name: 'liveness', image: 'registry.k8s.io/busybox', args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 } }] } } as any);
const counts = new Map<string, number>();
(sim.system as any).onStep?.((p: string) => {});
for (let i = 0; i < 80; i++) {
  try { await s.advance('1s'); } catch (e) { console.log('STUCK at', s.now(), String(e).slice(0, 200)); break; }
}
const find = (n: any, kind: string): any[] => [...(n.kind === kind ? [n] : []), ...n.children.flatMap((c: any) => find(c, kind))];
for (const k of ['kubelet', 'container-runtime', 'pod-sandbox', 'container']) for (const n of find(s.inspect(), k)) console.log(n.path, n.processed, n.mailbox, JSON.stringify(n.description)?.slice(0, 300));
sim.close();
