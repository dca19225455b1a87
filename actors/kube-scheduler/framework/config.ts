// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) read from YAML, defaulted and
// validated as kube-scheduler does (apis/config/v1 defaults, apis/config/validation), with errors
// in the field.Error wording: "<path>: <type>: <detail>".

import { parse } from 'yaml';
import type { QueueConfig } from './queue.ts';
import { buildProfile, DEFAULT_PLUGINS, mergePluginSet, type BuiltProfile, type PluginSet, type Plugins, type Registry } from './profile.ts';

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const SCHEDULER_CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';

export interface PluginConfig {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface SchedulerProfileConfig {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore?: number;
  readonly plugins: Plugins;
  readonly pluginConfig: readonly PluginConfig[];
}

export interface SchedulerConfiguration {
  readonly percentageOfNodesToScore: number;
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  readonly profiles: readonly SchedulerProfileConfig[];
}

export type ConfigResult = { readonly config: SchedulerConfiguration } | { readonly errors: readonly string[] };

const resourcesDefault = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];

/** Default args per plugin (SetDefaults_*Args in apis/config/v1/defaults.go). */
export const DEFAULT_PLUGIN_ARGS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
  InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
  NodeAffinity: {},
  NodeResourcesBalancedAllocation: { resources: resourcesDefault },
  NodeResourcesFit: { scoringStrategy: { type: 'LeastAllocated', resources: resourcesDefault } },
  PodTopologySpread: { defaultingType: 'System' },
  VolumeBinding: { bindTimeoutSeconds: 600 },
};

const STRATEGIES = ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'];
const quote = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : String(v));

function defaultArgs(name: string, args: Record<string, unknown> | undefined): Record<string, unknown> {
  const base = DEFAULT_PLUGIN_ARGS[name] ?? {};
  const merged: Record<string, unknown> = { ...base, ...(args ?? {}) };
  if (name === 'NodeResourcesFit') {
    const s = { ...((merged.scoringStrategy as Record<string, unknown> | undefined) ?? {}) };
    s.type ??= 'LeastAllocated';
    s.resources ??= resourcesDefault;
    merged.scoringStrategy = s;
  }
  return merged;
}

function validateFitArgs(path: string, args: Record<string, unknown>): string[] {
  const errs: string[] = [];
  const s = args.scoringStrategy as Record<string, unknown>;
  if (!STRATEGIES.includes(s.type as string)) {
    errs.push(`${path}.scoringStrategy.type: Unsupported value: ${quote(s.type)}: supported values: ${STRATEGIES.map(quote).join(', ')}`);
  }
  const resources = (s.resources ?? []) as { name: string; weight: number }[];
  resources.forEach((r, i) => {
    if (!(r.weight > 0 && r.weight <= 100)) {
      errs.push(`${path}.scoringStrategy.resources[${i}].weight: Invalid value: ${r.weight}: resource weight of ${r.name} not in valid range (0, 100]`);
    }
  });
  if (s.type === 'RequestedToCapacityRatio' && s.requestedToCapacityRatio === undefined) {
    errs.push(`${path}.scoringStrategy.requestedToCapacityRatio: Required value: this field is required for RequestedToCapacityRatio strategy`);
  }
  return errs;
}

function pct(path: string, v: number | undefined): string[] {
  return v !== undefined && (v < 0 || v > 100) ? [`${path}: Invalid value: ${v}: not in valid range [0-100]`] : [];
}

interface RawPlugin { name: string; weight?: number }
interface RawSet { enabled?: RawPlugin[]; disabled?: RawPlugin[] }
interface RawProfile { schedulerName?: string; percentageOfNodesToScore?: number; plugins?: Record<string, RawSet>; pluginConfig?: { name: string; args?: Record<string, unknown> }[] }
interface RawConfig { apiVersion?: string; kind?: string; percentageOfNodesToScore?: number; podInitialBackoffSeconds?: number; podMaxBackoffSeconds?: number; profiles?: RawProfile[] }

const toSet = (s: RawSet | undefined): PluginSet => ({
  enabled: (s?.enabled ?? []).map((p) => (p.weight === undefined ? { name: p.name } : { name: p.name, weight: p.weight })),
  disabled: (s?.disabled ?? []).map((p) => ({ name: p.name })),
});

/** Applies v1 defaults (default-scheduler profile, backoff 1s/10s, default plugins merged with the user's). */
export function defaultConfiguration(raw: RawConfig): SchedulerConfiguration {
  const profiles = raw.profiles === undefined || raw.profiles.length === 0 ? [{}] : raw.profiles;
  return {
    percentageOfNodesToScore: raw.percentageOfNodesToScore ?? 0,
    podInitialBackoffSeconds: raw.podInitialBackoffSeconds ?? 1,
    podMaxBackoffSeconds: raw.podMaxBackoffSeconds ?? 10,
    profiles: profiles.map((p: RawProfile) => {
      const plugins: Record<string, PluginSet> = {};
      const points = new Set([...Object.keys(DEFAULT_PLUGINS), ...Object.keys(p.plugins ?? {})]);
      for (const point of points) plugins[point] = mergePluginSet(DEFAULT_PLUGINS[point] ?? { enabled: [], disabled: [] }, toSet(p.plugins?.[point]));
      // v1 defaults a scheduler name only for a lone profile.
      // Args are defaulted for every plugin that has defaults, configured or not (SetDefaults_KubeSchedulerProfile).
      const given = p.pluginConfig ?? [];
      const pluginConfig: PluginConfig[] = given.map((c) => ({ name: c.name, args: defaultArgs(c.name, c.args) }));
      for (const name of Object.keys(DEFAULT_PLUGIN_ARGS)) {
        if (!given.some((c) => c.name === name)) pluginConfig.push({ name, args: defaultArgs(name, undefined) });
      }
      const out: SchedulerProfileConfig = { schedulerName: p.schedulerName ?? (profiles.length === 1 ? DEFAULT_SCHEDULER_NAME : ''), plugins, pluginConfig };
      return p.percentageOfNodesToScore === undefined ? out : { ...out, percentageOfNodesToScore: p.percentageOfNodesToScore };
    }),
  };
}

/** ValidateKubeSchedulerConfiguration's checks that concern the scheduler's cores. */
export function validateConfiguration(c: SchedulerConfiguration, rawProfiles: readonly RawProfile[] = []): string[] {
  const errs: string[] = [...pct('percentageOfNodesToScore', c.percentageOfNodesToScore)];
  if (c.podInitialBackoffSeconds <= 0) errs.push(`podInitialBackoffSeconds: Invalid value: ${c.podInitialBackoffSeconds}: must be greater than 0`);
  if (c.podMaxBackoffSeconds < c.podInitialBackoffSeconds) errs.push(`podMaxBackoffSeconds: Invalid value: ${c.podMaxBackoffSeconds}: must be greater than or equal to PodInitialBackoffSeconds`);
  if (c.profiles.length === 0) errs.push('profiles: Required value');
  const names = new Set<string>();
  const queueSort = JSON.stringify(c.profiles[0]?.plugins.queueSort);
  c.profiles.forEach((p, i) => {
    const path = `profiles[${i}]`;
    if (p.schedulerName === '') errs.push(`${path}.schedulerName: Required value`);
    else if (names.has(p.schedulerName)) errs.push(`${path}.schedulerName: Duplicate value: "${p.schedulerName}"`);
    names.add(p.schedulerName);
    errs.push(...pct(`${path}.percentageOfNodesToScore`, p.percentageOfNodesToScore));
    if (i > 0 && JSON.stringify(p.plugins.queueSort) !== queueSort) {
      errs.push(`${path}.plugins.queueSort: Invalid value: ${JSON.stringify(p.plugins.queueSort)}: must be the same for all profiles`);
    }
    const seen = new Set<string>();
    const given = rawProfiles[i]?.pluginConfig?.length ?? p.pluginConfig.length;
    p.pluginConfig.forEach((pc, j) => {
      if (j >= given) return;
      const pcPath = `${path}.pluginConfig[${j}]`;
      if (seen.has(pc.name)) errs.push(`${pcPath}: Duplicate value: "${pc.name}"`);
      seen.add(pc.name);
      if (pc.name === 'NodeResourcesFit') errs.push(...validateFitArgs(`${pcPath}.args`, pc.args as Record<string, unknown>));
    });
  });
  return errs;
}

/** Reads a KubeSchedulerConfiguration document: defaults, then validation. */
export function readSchedulerConfiguration(text: string): ConfigResult {
  let raw: RawConfig;
  try {
    raw = (parse(text) ?? {}) as RawConfig;
  } catch (e) {
    return { errors: [`couldn't decode as KubeSchedulerConfiguration: ${(e as Error).message}`] };
  }
  if (raw.apiVersion !== undefined && raw.apiVersion !== SCHEDULER_CONFIG_API_VERSION) {
    return { errors: [`no kind "${raw.kind ?? ''}" is registered for version "${raw.apiVersion}"`] };
  }
  const config = defaultConfiguration(raw);
  const errors = validateConfiguration(config, raw.profiles ?? []);
  return errors.length > 0 ? { errors } : { config };
}

/** Every profile of a configuration built against the registry, by scheduler name. */
export function buildProfiles(config: SchedulerConfiguration, registry: Registry): { readonly profiles: ReadonlyMap<string, BuiltProfile> } | { readonly error: string } {
  const profiles = new Map<string, BuiltProfile>();
  for (const spec of config.profiles) {
    const built = buildProfile(spec, registry, config.percentageOfNodesToScore);
    if ('error' in built) return { error: `initializing profiles: creating profile for scheduler name ${spec.schedulerName}: ${built.error}` };
    profiles.set(spec.schedulerName, built.profile);
  }
  return { profiles };
}

/** The queue's backoff bounds from the configuration, in ms. */
export const backoffBoundsMs = (c: SchedulerConfiguration): { readonly initialBackoffMs: number; readonly maxBackoffMs: number } => ({
  initialBackoffMs: c.podInitialBackoffSeconds * 1000,
  maxBackoffMs: c.podMaxBackoffSeconds * 1000,
});

/** The queue's settings for a profile: its PreEnqueue plugins (those with a preEnqueue(pod) method), the configured backoff, and the plugins' cluster events. */
export function queueConfigFor(c: SchedulerConfiguration, profile: BuiltProfile, eventsToRegister: QueueConfig['eventsToRegister']): QueueConfig {
  return { ...backoffBoundsMs(c), preEnqueue: profile.points.preEnqueue as unknown as QueueConfig['preEnqueue'], eventsToRegister };
}
