// node --import=tsx test/bench/node-graph-bench.ts: the Node authorizer's graph at 5,000 nodes and
// 150,000 pods (each with a service account, two secrets, a configmap and, for one in ten, a
// claim): the initial fill from a list, the cost of one pod event once full (a bind, a delete,
// a recreation elsewhere), set against rebuilding from scratch, and a kubelet's secret check.

import { buildNodeGraph, NodeGraphPopulator } from '../../actors/kube-apiserver/auth/index.ts';
import type { KubeObject, Pod } from '../../protocols/kube/objects.ts';

const NODES = 5000;
const PODS = 150_000;

const pod = (i: number, node: number, uid = `u${i}`): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: `p${i}`, namespace: `ns${i % 100}`, uid },
  spec: {
    nodeName: `node-${node}`,
    serviceAccountName: 'default',
    containers: [{ name: 'c', env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: `cm${i % 50}`, key: 'k' } } }] }],
    volumes: [{ name: 'a', secret: { secretName: `s${i % 200}` } }, { name: 'b', secret: { secretName: `tls${i}` } }, ...(i % 10 === 0 ? [{ name: 'd', persistentVolumeClaim: { claimName: `data-${i}` } }] : [])],
  },
});

const pods = Array.from({ length: PODS }, (_, i) => pod(i, i % NODES));
const g = new NodeGraphPopulator();
let t0 = performance.now();
g.replaced('/pods', pods as KubeObject[]);
const fillMs = performance.now() - t0;

const EVENTS = 30_000;
t0 = performance.now();
for (let e = 0; e < EVENTS; e++) {
  const i = e % PODS;
  g.changed('/pods', 'delete', pods[i] as KubeObject);
  g.changed('/pods', 'put', pod(i, (i + 1) % NODES, `v${e}`) as KubeObject);
}
const perEventUs = ((performance.now() - t0) * 1000) / (EVENTS * 2);

t0 = performance.now();
buildNodeGraph(pods);
const rebuildMs = performance.now() - t0;

const CHECKS = 1_000_000;
let allowed = 0;
t0 = performance.now();
for (let c = 0; c < CHECKS; c++) if (g.reaches('secret', `ns${c % 100}`, `s${c % 200}`, `node-${c % NODES}`)) allowed++;
const perCheckNs = ((performance.now() - t0) * 1e6) / CHECKS;
const heapMb = process.memoryUsage().heapUsed / 1e6;

console.log(JSON.stringify({ nodes: NODES, pods: PODS, fillMs: Math.round(fillMs), perEventUs: +perEventUs.toFixed(2), rebuildMs: Math.round(rebuildMs), perCheckNs: Math.round(perCheckNs), allowed, heapMb: Math.round(heapMb) }));
