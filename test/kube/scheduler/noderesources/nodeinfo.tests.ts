import test from 'ava';
import { buildNodeInfo, podRequests, toResources } from '../../../../actors/kube-scheduler/framework/nodeinfo.ts';
import { container, node, pod, podWith } from './fixtures.ts';

const MI = 1024 * 1024;

test('nodeinfo: requested sums each pod\'s requests rounded up, allocatable and pods from node status', (t) => {
  const n = node('n1', { cpu: '4', memory: '8Gi', pods: 110, 'ephemeral-storage': '10Gi', 'example.com/gpu': 2, 'hugepages-2Mi': '4Mi' });
  const info = buildNodeInfo(n, [podWith({ cpu: '250m', memory: '1Gi' }), podWith({ cpu: '0.5', 'example.com/gpu': 1 })]);
  t.deepEqual(info.requested, { milliCPU: 750, memory: 1024 * MI, ephemeralStorage: 0, scalar: { 'example.com/gpu': 1 } });
  t.deepEqual(info.allocatable, { milliCPU: 4000, memory: 8192 * MI, ephemeralStorage: 10240 * MI, scalar: { 'example.com/gpu': 2, 'hugepages-2Mi': 4 * MI } });
  t.is(info.allowedPodNumber, 110);
});

test('nodeinfo: nonZeroRequested gives 100m and 200Mi only to containers missing cpu or memory', (t) => {
  const info = buildNodeInfo(node('n1', { cpu: 4 }), [podWith({}), podWith({ cpu: '0', memory: '0' }), podWith({ cpu: '300m' })]);
  t.is(info.nonZeroRequested.milliCPU, 100 + 0 + 300);
  t.is(info.nonZeroRequested.memory, 200 * MI + 0 + 200 * MI);
  t.is(info.requested.milliCPU, 300);
  t.is(info.requested.memory, 0);
});

test('nodeinfo: pod requests are max(sum of containers, each init container) plus overhead', (t) => {
  // The example in Kubernetes' computePodResourceRequest doc: init 2/1G and 2/3G, containers 2/1G and 1/1G → 3 cpu, 3G.
  const p = pod([container({ cpu: 2, memory: '1G' }), container({ cpu: 1, memory: '1G' })], [container({ cpu: 2, memory: '1G' }), container({ cpu: 2, memory: '3G' })]);
  t.deepEqual(toResources(podRequests(p)).resources, { milliCPU: 3000, memory: 3e9, ephemeralStorage: 0, scalar: {} });
  const withOverhead = pod([container({ cpu: '1' })], [], { cpu: '250m', memory: '120Mi' });
  t.deepEqual(toResources(podRequests(withOverhead)).resources, { milliCPU: 1250, memory: 120 * MI, ephemeralStorage: 0, scalar: {} });
});

test('nodeinfo: sidecars add to the sum and to init containers after them', (t) => {
  // Sidecar 1 cpu, then a plain init of 2 cpu (needs 1+2=3 while it runs), app 1 cpu (runs beside the sidecar: 2).
  const p = pod([container({ cpu: 1 })], [container({ cpu: 1 }, { restartPolicy: 'Always' }), container({ cpu: 2 })]);
  t.is(toResources(podRequests(p)).resources.milliCPU, 3000);
  // A plain init before the sidecar does not see it: max(2, 1+1) = 2.
  const q = pod([container({ cpu: 1 })], [container({ cpu: 2 }), container({ cpu: 1 }, { restartPolicy: 'Always' })]);
  t.is(toResources(podRequests(q)).resources.milliCPU, 2000);
});

test('nodeinfo: host ports default to 0.0.0.0/TCP; image sizes by every name', (t) => {
  const p = pod([container({}, { ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' }, { containerPort: 9 }] })]);
  const info = buildNodeInfo(node('n1', {}, [{ names: ['nginx:1.25', 'docker.io/library/nginx:1.25'], sizeBytes: 70 * MI }]), [p]);
  t.deepEqual(info.usedPorts, [
    { protocol: 'TCP', ip: '0.0.0.0', port: 8080 },
    { protocol: 'UDP', ip: '10.0.0.1', port: 53 },
  ]);
  t.deepEqual(info.imageSizes, { 'nginx:1.25': 70 * MI, 'docker.io/library/nginx:1.25': 70 * MI });
});
