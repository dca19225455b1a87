// DefaultPreemption in the default 1.32 profile, wired as the scheduler's shell would wire it: the
// registry entry, the profile's filters and the random stream in the cycle state, and the real
// PreFilter/Filter plugins (taints, affinity, spreading, resources) behind the dry run.

import test from 'ava';
import type { Node, Pod } from '../../../../protocols/kube/objects.ts';
import { scheduleOne } from '../../../../actors/kube-scheduler/framework/runner.ts';
import { CLUSTER_STATE_KEY, type CycleState, type NodeInfo, type PostFilterPlugin } from '../../../../actors/kube-scheduler/framework/types.ts';
import { type ClusterView, inTreeRegistry } from '../../../../actors/kube-scheduler/registry.ts';
import { setUp } from '../../../../actors/kube-scheduler/shell/setup.ts';
import { NAME, PREEMPTION_PICK_KEY, PREEMPTION_PROFILE_KEY, defaultPreemption } from '../../../../actors/kube-scheduler/plugins/defaultpreemption/plugin.ts';
import { HIGH, LOW, MID, clusterWith, infos, names, node, pod } from './fixtures.ts';

const view: ClusterView = { nodes: [], namespaceLabels: () => ({}), ownerSelectors: () => [] };
const registry = { ...inTreeRegistry(view), [NAME]: (args: Readonly<Record<string, unknown>>) => defaultPreemption(args) };
const profile = setUp(undefined, registry).profiles.get('default-scheduler')!;

/** One cycle as shell/cycle.ts runs it, with the two cycle-state entries preemption reads. */
function cycle(p: Pod, nodes: readonly Node[], pods: readonly Pod[]) {
  const snapshot: NodeInfo[] = infos(nodes, pods);
  view.nodes = snapshot;
  const state: CycleState = new Map();
  state.set(CLUSTER_STATE_KEY, clusterWith([]));
  state.set(PREEMPTION_PROFILE_KEY, profile.runner);
  state.set(PREEMPTION_PICK_KEY, () => 0);
  const out = scheduleOne({ profile: profile.runner, pod: p, nodes: snapshot, startIndex: 0, pick: () => 0, state });
  if (out.kind !== 'unschedulable') return { out, result: undefined };
  const [pl] = profile.points.postFilter as readonly PostFilterPlugin[];
  return { out, result: pl!.postFilter(state, p, snapshot, out.diagnosis.nodeToStatus) };
}

test('wiring: the default profile runs DefaultPreemption as its one PostFilter plugin', (t) => {
  t.deepEqual(profile.points.postFilter.map((p) => p.name), ['DefaultPreemption']);
});

test('wiring: a full default profile preempts the low-priority pod and leaves the tainted node alone', (t) => {
  const nodes: Node[] = [
    { ...node('tainted', { cpu: '1' }), spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } },
    node('busy', { cpu: '1' }),
  ];
  const pods = [pod('batch', { node: 'busy', priority: LOW, req: { cpu: '800m' } }), pod('svc', { node: 'tainted', priority: LOW, req: { cpu: '800m' } })];
  const { out, result } = cycle(pod('web', { priority: HIGH, req: { cpu: '500m' } }), nodes, pods);
  t.is(out.kind, 'unschedulable');
  t.is(result?.status.code, 'Success');
  t.is(result?.nominatedNodeName, 'busy', 'the taint is UnschedulableAndUnresolvable: no preemption there');
  t.deepEqual(names(result?.victims), ['batch']);
});

test('wiring: with nothing of lower priority anywhere, the message is Kubernetes\' FitError', (t) => {
  const nodes = [node('a', { cpu: '1' }), node('b', { cpu: '1' })];
  const pods = [pod('x', { node: 'a', priority: MID, req: { cpu: '800m' } }), pod('y', { node: 'b', priority: HIGH, req: { cpu: '800m' } })];
  const { result } = cycle(pod('web', { priority: MID, req: { cpu: '500m' } }), nodes, pods);
  t.deepEqual(result?.status, { code: 'Unschedulable', reasons: ['preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.'] });
});
