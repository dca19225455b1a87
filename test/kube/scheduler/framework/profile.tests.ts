// The default profile (1.32 default_plugins.go) expanded per extension point, and
// KubeSchedulerConfiguration reading: merging, weights, plugin args, validation errors.

import test from 'ava';
import type { Plugin } from '../../../../actors/kube-scheduler/framework/types.ts';
import { buildProfile, DEFAULT_PLUGINS, type Registry } from '../../../../actors/kube-scheduler/framework/profile.ts';
import {
  backoffBoundsMs, buildProfiles, defaultConfiguration, queueConfigFor, readSchedulerConfiguration, type SchedulerConfiguration,
} from '../../../../actors/kube-scheduler/framework/config.ts';

// Which extension points each in-tree plugin implements (its Go interfaces).
const POINTS: Record<string, string[]> = {
  SchedulingGates: ['preEnqueue'],
  PrioritySort: ['less'],
  NodeUnschedulable: ['filter'],
  NodeName: ['filter'],
  TaintToleration: ['filter', 'preScore', 'score'],
  NodeAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  NodePorts: ['preFilter', 'filter'],
  NodeResourcesFit: ['preFilter', 'filter', 'preScore', 'score'],
  VolumeRestrictions: ['preFilter', 'filter'],
  NodeVolumeLimits: ['preFilter', 'filter'],
  VolumeBinding: ['preFilter', 'filter', 'reserve', 'preBind', 'preScore', 'score'],
  VolumeZone: ['preFilter', 'filter'],
  PodTopologySpread: ['preFilter', 'filter', 'preScore', 'score'],
  InterPodAffinity: ['preFilter', 'filter', 'preScore', 'score'],
  DefaultPreemption: ['postFilter'],
  NodeResourcesBalancedAllocation: ['preScore', 'score'],
  ImageLocality: ['score'],
  DefaultBinder: ['bind'],
};

const argsSeen = new Map<string, unknown>();
const fake = (name: string, methods: string[]) => (args: Readonly<Record<string, unknown>>): Plugin => {
  argsSeen.set(name, args);
  return Object.fromEntries([['name', name], ...methods.map((m) => [m, () => undefined])]) as unknown as Plugin;
};
const registry: Registry = Object.fromEntries(Object.entries(POINTS).map(([n, m]) => [n, fake(n, m)]));
const names = (l: readonly Plugin[]): string[] => l.map((p) => p.name);

function read(text: string): SchedulerConfiguration {
  const r = readSchedulerConfiguration(text);
  if ('errors' in r) throw new Error(r.errors.join('; '));
  return r.config;
}

function built(c: SchedulerConfiguration, i = 0) {
  const b = buildProfile(c.profiles[i]!, registry, c.percentageOfNodesToScore);
  if ('error' in b) throw new Error(b.error);
  return b.profile;
}

test('defaults: one default-scheduler profile, backoff 1 s to 10 s, adaptive percentage', (t) => {
  const c = read('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
  t.is(c.profiles.length, 1);
  t.is(c.profiles[0]!.schedulerName, 'default-scheduler');
  t.deepEqual(backoffBoundsMs(c), { initialBackoffMs: 1000, maxBackoffMs: 10000 });
  t.is(c.percentageOfNodesToScore, 0);
  t.deepEqual(c.profiles[0]!.plugins.multiPoint, DEFAULT_PLUGINS.multiPoint);
});

test('the default profile expands per extension point in 1.32 order', (t) => {
  const p = built(defaultConfiguration({}));
  t.deepEqual(names(p.points.preEnqueue), ['SchedulingGates']);
  t.deepEqual(names(p.points.queueSort), ['PrioritySort']);
  t.deepEqual(names(p.points.filter), [
    'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeRestrictions',
    'NodeVolumeLimits', 'VolumeBinding', 'VolumeZone', 'PodTopologySpread', 'InterPodAffinity',
  ]);
  t.deepEqual(names(p.points.postFilter), ['DefaultPreemption']);
  t.deepEqual(names(p.points.bind), ['DefaultBinder']);
  t.deepEqual(p.runner.score.map((s) => [s.plugin.name, s.weight]), [
    ['TaintToleration', 3], ['NodeAffinity', 2], ['NodeResourcesFit', 1], ['VolumeBinding', 1], ['PodTopologySpread', 2],
    ['InterPodAffinity', 2], ['NodeResourcesBalancedAllocation', 1], ['ImageLocality', 1],
  ]);
});

test('default plugin args: NodeResourcesFit LeastAllocated on cpu and memory', (t) => {
  built(defaultConfiguration({}));
  t.deepEqual(argsSeen.get('NodeResourcesFit'), { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } });
  t.deepEqual(argsSeen.get('DefaultPreemption'), { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
});

test('a score weight set at the score point overrides multiPoint and moves the plugin first', (t) => {
  const c = read(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    score:
      enabled:
      - name: NodeResourcesFit
        weight: 5
      disabled:
      - name: ImageLocality
`);
  const p = built(c);
  t.deepEqual(p.runner.score.map((s) => [s.plugin.name, s.weight]), [
    ['NodeResourcesFit', 5], ['TaintToleration', 3], ['NodeAffinity', 2], ['VolumeBinding', 1], ['PodTopologySpread', 2],
    ['InterPodAffinity', 2], ['NodeResourcesBalancedAllocation', 1],
  ]);
  t.true(names(p.points.filter).includes('NodeResourcesFit'), 'disabling at score leaves other points');
});

test('disabling "*" at filter leaves only the filters listed there', (t) => {
  const c = read(`
profiles:
- plugins:
    filter:
      disabled: [{ name: '*' }]
      enabled: [{ name: NodeName }, { name: TaintToleration }]
`);
  t.deepEqual(names(built(c).points.filter), ['NodeName', 'TaintToleration']);
});

test('disabling a plugin in multiPoint removes it everywhere', (t) => {
  const c = read(`
profiles:
- plugins:
    multiPoint:
      disabled: [{ name: TaintToleration }]
`);
  const p = built(c);
  t.false(names(p.points.filter).includes('TaintToleration'));
  t.false(p.runner.score.some((s) => s.plugin.name === 'TaintToleration'));
});

test('pluginConfig args reach the plugin, defaulted (MostAllocated keeps cpu/memory weights)', (t) => {
  const c = read(`
percentageOfNodesToScore: 30
profiles:
- schedulerName: bin-packing
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`);
  const p = built(c);
  t.is(p.schedulerName, 'bin-packing');
  t.is(p.runner.percentageOfNodesToScore, 30);
  t.deepEqual(argsSeen.get('NodeResourcesFit'), { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] } });
});

test('several profiles build by scheduler name', (t) => {
  const r = buildProfiles(read('profiles:\n- schedulerName: a\n- schedulerName: b\n'), registry);
  if ('error' in r) return t.fail(r.error);
  t.deepEqual([...r.profiles.keys()], ['a', 'b']);
});

const errorsOf = (text: string): readonly string[] => {
  const r = readSchedulerConfiguration(text);
  return 'errors' in r ? r.errors : [];
};

// apis/config/validation/validation_test.go and validation_pluginargs_test.go.
const invalid: [string, string, string][] = [
  ['percentageOfNodesToScore out of range', 'percentageOfNodesToScore: 101', 'percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]'],
  ['profile percentage out of range', 'profiles:\n- percentageOfNodesToScore: -1', 'profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]'],
  ['initial backoff zero', 'podInitialBackoffSeconds: 0', 'podInitialBackoffSeconds: Invalid value: 0: must be greater than 0'],
  ['max backoff below initial', 'podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2', 'podMaxBackoffSeconds: Invalid value: 2: must be greater than or equal to PodInitialBackoffSeconds'],
  ['duplicate scheduler names', 'profiles:\n- schedulerName: x\n- schedulerName: x', 'profiles[1].schedulerName: Duplicate value: "x"'],
  ['unnamed second profile', 'profiles:\n- schedulerName: x\n- {}', 'profiles[1].schedulerName: Required value'],
  ['queueSort differs', 'profiles:\n- schedulerName: a\n- schedulerName: b\n  plugins:\n    queueSort:\n      enabled: [{name: Custom}]',
    'profiles[1].plugins.queueSort: Invalid value: {"enabled":[{"name":"Custom"}],"disabled":[]}: must be the same for all profiles'],
  ['duplicate pluginConfig', 'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n  - name: NodeResourcesFit', 'profiles[0].pluginConfig[1]: Duplicate value: "NodeResourcesFit"'],
  ['unknown scoring strategy', 'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: Invalid}}',
    'profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Invalid": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"'],
  ['resource weight out of range', 'profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {resources: [{name: cpu, weight: 0}]}}',
    'profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 0: resource weight of cpu not in valid range (0, 100]'],
];
for (const [title, yaml, error] of invalid) {
  test(`config error: ${title}`, (t) => {
    t.true(errorsOf(yaml).includes(error), errorsOf(yaml).join('\n'));
  });
}

test('a wrong apiVersion is refused', (t) => {
  t.deepEqual(errorsOf('apiVersion: kubescheduler.config.k8s.io/v1beta9\nkind: KubeSchedulerConfiguration'),
    ['no kind "KubeSchedulerConfiguration" is registered for version "kubescheduler.config.k8s.io/v1beta9"']);
});

const buildError = (text: string): string => {
  const r = buildProfiles(read(text), registry);
  return 'error' in r ? r.error : '';
};

test('framework errors: unknown plugin, plugin at the wrong point, no queue sort', (t) => {
  t.is(buildError('profiles:\n- plugins:\n    filter:\n      enabled: [{name: Nope}]'),
    'initializing profiles: creating profile for scheduler name default-scheduler: FilterPlugin "Nope" does not exist');
  t.is(buildError('profiles:\n- plugins:\n    filter:\n      enabled: [{name: ImageLocality}]'),
    'initializing profiles: creating profile for scheduler name default-scheduler: ImageLocality does not extend FilterPlugin plugin');
  t.is(buildError('profiles:\n- plugins:\n    queueSort:\n      disabled: [{name: "*"}]'),
    'initializing profiles: creating profile for scheduler name default-scheduler: only one queue sort plugin required for profile with scheduler name "default-scheduler", but got 0');
  t.is(buildError('profiles:\n- plugins:\n    bind:\n      disabled: [{name: "*"}]'),
    'initializing profiles: creating profile for scheduler name default-scheduler: at least one bind plugin is needed for profile with scheduler name "default-scheduler"');
});

test('the queue takes its backoff and PreEnqueue plugins from the configuration and profile', (t) => {
  const c = read('podInitialBackoffSeconds: 2\npodMaxBackoffSeconds: 30\n');
  const q = queueConfigFor(c, built(c), { NodeResourcesFit: ['Node/Add'] });
  t.is(q.initialBackoffMs, 2000);
  t.is(q.maxBackoffMs, 30000);
  t.deepEqual(q.preEnqueue.map((p) => p.name), ['SchedulingGates']);
  t.deepEqual(q.eventsToRegister, { NodeResourcesFit: ['Node/Add'] });
});
