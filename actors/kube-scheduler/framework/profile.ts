// A scheduler profile: which plugins run at which extension point, in which order and with which
// score weights. The default set is 1.32's (apis/config/v1/default_plugins.go, all under
// multiPoint); a configuration's per-point lists are merged into it as v1 defaulting does and
// expanded as the framework does (runtime/framework.go). Plugins come from a registry passed in.

import type { FilterPlugin, Plugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from './types.ts';
import type { RunnerProfile, WeightedScorePlugin } from './runner.ts';

export interface PluginRef {
  readonly name: string;
  readonly weight?: number;
}

export interface PluginSet {
  readonly enabled: readonly PluginRef[];
  readonly disabled: readonly PluginRef[];
}

/** Extension point (as the config spells it, e.g. "filter", "multiPoint") → plugin set. */
export type Plugins = Readonly<Record<string, PluginSet>>;

export const EXTENSION_POINTS = [
  'preEnqueue', 'queueSort', 'preFilter', 'filter', 'postFilter', 'preScore', 'score',
  'reserve', 'permit', 'preBind', 'bind', 'postBind',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

export const DEFAULT_PLUGINS: Plugins = {
  multiPoint: {
    enabled: [
      { name: 'SchedulingGates' },
      { name: 'PrioritySort' },
      { name: 'NodeUnschedulable' },
      { name: 'NodeName' },
      { name: 'TaintToleration', weight: 3 },
      { name: 'NodeAffinity', weight: 2 },
      { name: 'NodePorts' },
      { name: 'NodeResourcesFit', weight: 1 },
      { name: 'VolumeRestrictions' },
      { name: 'NodeVolumeLimits' },
      { name: 'VolumeBinding' },
      { name: 'VolumeZone' },
      { name: 'PodTopologySpread', weight: 2 },
      { name: 'InterPodAffinity', weight: 2 },
      { name: 'DefaultPreemption' },
      { name: 'NodeResourcesBalancedAllocation', weight: 1 },
      { name: 'ImageLocality', weight: 1 },
      { name: 'DefaultBinder' },
    ],
    disabled: [],
  },
};

/**
 * v1 mergePluginSet: the user's disabled names (or "*") drop defaults; a user's enabled plugin that
 * names a default replaces it in place (keeping the order); the rest are appended.
 */
export function mergePluginSet(defaults: PluginSet, custom: PluginSet): PluginSet {
  const disabled = [...custom.disabled.map((p) => ({ name: p.name })), ...defaults.disabled.map((p) => ({ name: p.name }))];
  const off = new Set(disabled.map((p) => p.name));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!off.has('*')) {
    for (const d of defaults.enabled) {
      if (off.has(d.name)) continue;
      const i = custom.enabled.findIndex((c) => c.name === d.name);
      if (i >= 0) replaced.add(i);
      enabled.push(i >= 0 ? custom.enabled[i]! : d);
    }
  }
  custom.enabled.forEach((c, i) => { if (!replaced.has(i)) enabled.push(c); });
  return { enabled, disabled };
}

/** Builds a plugin from its args (the pluginConfig entry, defaulted). */
export type PluginFactory = (args: Readonly<Record<string, unknown>>) => Plugin;
export type Registry = Readonly<Record<string, PluginFactory>>;

/** The method by which a plugin shows it serves an extension point. */
const METHOD: Record<ExtensionPoint, string> = {
  preEnqueue: 'preEnqueue', queueSort: 'less', preFilter: 'preFilter', filter: 'filter', postFilter: 'postFilter',
  preScore: 'preScore', score: 'score', reserve: 'reserve', permit: 'permit', preBind: 'preBind', bind: 'bind', postBind: 'postBind',
};
const serves = (pl: Plugin, point: ExtensionPoint): boolean => typeof (pl as unknown as Record<string, unknown>)[METHOD[point]] === 'function';

export interface BuiltProfile {
  readonly schedulerName: string;
  readonly runner: RunnerProfile;
  /** Every extension point's plugins in order, for the parts the runner does not run (queue, bind...). */
  readonly points: Readonly<Record<ExtensionPoint, readonly Plugin[]>>;
  readonly weights: Readonly<Record<string, number>>;
}

export interface ProfileSpec {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins: Plugins;
  readonly pluginConfig: readonly { readonly name: string; readonly args: Readonly<Record<string, unknown>> }[];
}

export type BuildResult = { readonly profile: BuiltProfile } | { readonly error: string };

/** The framework's interface name for a point, as its errors print it: "filter" → "FilterPlugin". */
const typeName = (point: string): string => `${point[0]!.toUpperCase()}${point.slice(1)}Plugin`;

/** The framework walks points in this order, so a missing plugin is reported at the first that names it. */
const FRAMEWORK_ORDER: readonly ExtensionPoint[] = ['preFilter', 'filter', 'postFilter', 'reserve', 'preScore', 'score', 'preBind', 'bind', 'postBind', 'permit', 'preEnqueue', 'queueSort'];

function firstPointNaming(plugins: Plugins, name: string): string {
  const point = FRAMEWORK_ORDER.find((pt) => plugins[pt]?.enabled.some((p) => p.name === name));
  return point ?? FRAMEWORK_ORDER[0]!;
}

/** NewFramework: instantiate the needed plugins, expand multiPoint, order and weigh them. */
export function buildProfile(spec: ProfileSpec, registry: Registry, globalPercentageOfNodesToScore = 0): BuildResult {
  const needed = new Set<string>();
  for (const set of Object.values(spec.plugins)) for (const p of set.enabled) needed.add(p.name);
  const instances = new Map<string, Plugin>();
  for (const name of needed) {
    const factory = registry[name];
    if (factory === undefined) return { error: `${typeName(firstPointNaming(spec.plugins, name))} "${name}" does not exist` };
    const args = spec.pluginConfig.find((c) => c.name === name)?.args ?? {};
    instances.set(name, factory(args));
  }
  const points = {} as Record<ExtensionPoint, Plugin[]>;
  const multi = spec.plugins.multiPoint?.enabled ?? [];
  for (const point of EXTENSION_POINTS) {
    const set = spec.plugins[point] ?? { enabled: [], disabled: [] };
    const specific: string[] = [];
    for (const p of set.enabled) {
      if (!serves(instances.get(p.name)!, point)) return { error: `${p.name} does not extend ${typeName(point)} plugin` };
      if (specific.includes(p.name)) return { error: `plugin "${p.name}" already registered as "${point}"` };
      specific.push(p.name);
    }
    const off = new Set(set.disabled.map((p) => p.name));
    if (off.has('*')) { points[point] = specific.map((n) => instances.get(n)!); continue; }
    // Specific entries that also come from multiPoint keep their place ahead of the multiPoint ones.
    const overrides = new Set<string>();
    const fromMulti: string[] = [];
    for (const p of multi) {
      if (!serves(instances.get(p.name)!, point) || off.has(p.name)) continue;
      if (specific.includes(p.name)) { overrides.add(p.name); continue; }
      if (fromMulti.includes(p.name)) return { error: `plugin "${p.name}" already registered as "${point}"` };
      fromMulti.push(p.name);
    }
    const order = [...specific.filter((n) => overrides.has(n)), ...fromMulti, ...specific.filter((n) => !overrides.has(n))];
    points[point] = order.map((n) => instances.get(n)!);
  }
  if (points.queueSort.length !== 1) {
    return { error: `only one queue sort plugin required for profile with scheduler name "${spec.schedulerName}", but got ${points.queueSort.length}` };
  }
  if (points.bind.length === 0) return { error: `at least one bind plugin is needed for profile with scheduler name "${spec.schedulerName}"` };
  // A weight set at the score point wins over multiPoint's; zero means 1.
  const weights: Record<string, number> = {};
  for (const p of [...(spec.plugins.score?.enabled ?? []), ...multi]) {
    if (!serves(instances.get(p.name)!, 'score') || p.name in weights) continue;
    weights[p.name] = p.weight === undefined || p.weight === 0 ? 1 : p.weight;
  }
  const score: WeightedScorePlugin[] = points.score.map((pl) => ({ plugin: pl as ScorePlugin, weight: weights[pl.name] ?? 1 }));
  const pct = spec.percentageOfNodesToScore ?? globalPercentageOfNodesToScore;
  const runner: RunnerProfile = {
    preFilter: points.preFilter as PreFilterPlugin[],
    filter: points.filter as FilterPlugin[],
    preScore: points.preScore as PreScorePlugin[],
    score,
    percentageOfNodesToScore: pct,
  };
  return { profile: { schedulerName: spec.schedulerName, runner, points, weights } };
}
