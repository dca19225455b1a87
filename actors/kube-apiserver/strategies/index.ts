// Which strategy serves which resource. Kinds without their own rules get the generic one.

import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { CORE_STRATEGIES } from './core/index.ts';
import { genericStrategy } from './generic.ts';
import type { Strategy } from './types.ts';
import { WORKLOAD_STRATEGIES } from './workloads/index.ts';

/** Keyed `<group>/<resource>` ('/pods' for the core group). */
const STRATEGIES: Readonly<Record<string, Strategy>> = { ...CORE_STRATEGIES, ...WORKLOAD_STRATEGIES };

export const strategyKey = (r: Pick<ResourceInfo, 'group' | 'resource'>): string => `${r.group}/${r.resource}`;

export function strategyFor(r: ResourceInfo): Strategy {
  return STRATEGIES[strategyKey(r)] ?? genericStrategy(r.subresources.some((s) => s.name === 'status'));
}
