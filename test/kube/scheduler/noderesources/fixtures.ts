// Pods and nodes for the resource plugin tables, in Kubernetes' test helpers' shapes.
import type { Container, Node, Pod } from '../../../../protocols/kube/objects.ts';

type List = Record<string, string | number>;
const strs = (l: List): Record<string, string> => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, String(v)]));

export const container = (requests: List = {}, extra: Partial<Container> = {}): Container => ({
  name: 'c',
  image: 'img',
  resources: Object.keys(requests).length ? { requests: strs(requests) } : {},
  ...extra,
});

export const pod = (containers: Container[], initContainers: Container[] = [], overhead?: List): Pod => ({
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers, initContainers, ...(overhead ? { overhead: strs(overhead) } : {}) },
});

/** A pod whose containers request the given amounts (cpu in millicores "Nm" when a number). */
export const podWith = (...reqs: List[]): Pod => pod(reqs.map((r) => container(r)));

export const node = (name: string, allocatable: List, images: { names: string[]; sizeBytes: number }[] = []): Node => ({
  metadata: { name },
  status: { allocatable: strs(allocatable), capacity: strs(allocatable), images },
});
