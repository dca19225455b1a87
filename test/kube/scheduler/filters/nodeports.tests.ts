// NodePorts: Kubernetes' TestNodePorts cases (protocol/IP/port triples, 0.0.0.0 conflicts both
// ways), defaults for an empty hostIP and protocol, sidecar ports and PreFilter's Skip.

import test from 'ava';
import type { ContainerPort } from 'kubernetes-types/core/v1.d.ts';
import type { HostPortInfo } from '../../../../actors/kube-scheduler/framework/types.ts';
import { hostPortInfos, nodePorts } from '../../../../actors/kube-scheduler/plugins/nodeports.ts';
import { node, nodeInfo, pod } from './fixtures.ts';

/** "PROTOCOL/IP/PORT" as Kubernetes' test helper writes them. */
function parse(s: string): { protocol: string; ip: string; port: number } {
  const [protocol, ip, port] = s.split('/');
  return { protocol: protocol!, ip: ip!, port: Number(port) };
}
const want = (...specs: string[]): ContainerPort[] => specs.map(parse).map((p) => ({ containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol }));
const used = (...specs: string[]): HostPortInfo[] => specs.map(parse);

function check(podPorts: string[], nodePortsUsed: string[]) {
  const state = new Map<string, unknown>();
  const p = pod({ containers: [{ name: 'c', image: 'nginx', ports: want(...podPorts) }] });
  const info = nodeInfo(node('n'), used(...nodePortsUsed));
  const pre = nodePorts.preFilter(state, p, [info]);
  return pre.status.code === 'Skip' ? pre.status : nodePorts.filter(state, p, info);
}

const cases: [string, string[], string[], boolean][] = [
  ['nothing running', [], [], true],
  ['other port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/9090'], true],
  ['same udp port', ['UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['same tcp port', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], false],
  ['different host ip', ['TCP/127.0.0.1/8080'], ['TCP/127.0.0.2/8080'], true],
  ['different protocol', ['UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8080'], true],
  ['second udp port conflict', ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'], ['UDP/127.0.0.1/8080'], false],
  ['first tcp port conflict', ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'], ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], false],
  ['first tcp port conflict due to 0.0.0.0 hostIP', ['TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['TCP hostPort conflict due to 0.0.0.0 hostIP', ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'], ['TCP/127.0.0.1/8001'], false],
  ['second tcp port conflict to 0.0.0.0 hostIP', ['TCP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], false],
  ['second different protocol', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001'], true],
  ['UDP hostPort conflict due to 0.0.0.0 hostIP', ['UDP/127.0.0.1/8001'], ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], false],
  ['an empty hostIP is 0.0.0.0 and an empty protocol TCP', ['//8001'], ['TCP/127.0.0.1/8001'], false],
  [':: is not a wildcard, as in Kubernetes', ['TCP/::/8001'], ['TCP/127.0.0.1/8001'], true],
];

for (const [title, podPorts, nodeUsed, fits] of cases) {
  test(`NodePorts: ${title}`, (t) => {
    const status = check(podPorts, nodeUsed);
    if (podPorts.length === 0) t.is(status.code, 'Skip');
    else if (fits) t.is(status.code, 'Success');
    else t.deepEqual(status, { code: 'Unschedulable', reasons: ["node(s) didn't have free ports for the requested pod ports"] });
  });
}

test('NodePorts: container ports without a hostPort ask for nothing (PreFilter skips)', (t) => {
  const p = pod({ containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] });
  t.is(nodePorts.preFilter(new Map(), p, []).status.code, 'Skip');
});

test('NodePorts: sidecar (restartPolicy Always) host ports count, plain init containers do not', (t) => {
  const ports = (port: number) => [{ containerPort: port, hostPort: port }];
  const p = pod({
    initContainers: [
      { name: 'init', image: 'busybox', ports: ports(7000) },
      { name: 'sidecar', image: 'envoy', restartPolicy: 'Always', ports: ports(7001) },
    ],
  });
  t.deepEqual(hostPortInfos(p), [{ ip: '0.0.0.0', protocol: 'TCP', port: 7001 }]);
  const state = new Map<string, unknown>();
  t.is(nodePorts.preFilter(state, p, []).status.code, 'Success');
  t.is(nodePorts.filter(state, p, nodeInfo(node('n'), used('TCP/0.0.0.0/7000'))).code, 'Success');
  t.is(nodePorts.filter(state, p, nodeInfo(node('n'), used('TCP/0.0.0.0/7001'))).code, 'Unschedulable');
});
