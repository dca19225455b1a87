// The scheduler's configuration made into what its actor runs: the KubeSchedulerConfiguration
// read and defaulted, each profile built against the in-tree registry, the queue's settings.
// A bad configuration is the scheduler's start-up error, with Kubernetes' wording.

import { buildProfiles, queueConfigFor, readSchedulerConfiguration, type SchedulerConfiguration } from '../framework/config.ts';
import type { BuiltProfile, Registry } from '../framework/profile.ts';
import type { QueueConfig } from '../framework/queue.ts';
import { EVENTS_TO_REGISTER, NOT_MODELLED } from '../registry.ts';

/** Drops the 1.32 default plugins this scheduler lacks from every profile (see NOT_MODELLED). */
function withoutMissing(c: SchedulerConfiguration, registry: Registry): SchedulerConfiguration {
  const missing = new Set(NOT_MODELLED.filter((n) => registry[n] === undefined));
  return {
    ...c,
    profiles: c.profiles.map((p) => ({
      ...p,
      plugins: Object.fromEntries(Object.entries(p.plugins).map(([point, set]) => [point, { ...set, enabled: set.enabled.filter((e) => !missing.has(e.name)) }])),
    })),
  };
}

export interface Setup {
  readonly profiles: ReadonlyMap<string, BuiltProfile>;
  readonly queueConfig: QueueConfig;
}

export function setUp(configText: string | undefined, registry: Registry): Setup {
  const read = readSchedulerConfiguration(configText ?? '{}');
  if ('errors' in read) throw new Error(`kube-scheduler: invalid configuration: ${read.errors.join('; ')}`);
  const config = withoutMissing(read.config, registry);
  const built = buildProfiles(config, registry);
  if ('error' in built) throw new Error(`kube-scheduler: ${built.error}`);
  // One queue serves every profile; the first profile's PreEnqueue plugins gate it.
  const first = [...built.profiles.values()][0]!;
  return { profiles: built.profiles, queueConfig: queueConfigFor(config, first, EVENTS_TO_REGISTER) };
}
