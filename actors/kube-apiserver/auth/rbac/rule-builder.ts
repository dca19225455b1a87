// A compact notation for the bootstrap policy's rules: space-separated verbs and resources, a
// list of API groups ('' is the core group). Rules keep the order Kubernetes' tables list them in.

import type { PolicyRule } from './types.ts';

const words = (s: string): string[] => s.split(' ').filter((w) => w !== '');

/** A resource rule: `rule('get list watch', [''], 'pods services')`. */
export function rule(verbs: string, groups: readonly string[], resources: string, resourceNames?: string): PolicyRule {
  const r: PolicyRule = { apiGroups: [...groups], resources: words(resources), verbs: words(verbs) };
  if (resourceNames !== undefined) r.resourceNames = words(resourceNames);
  return r;
}

/** A non-resource rule: `urls('get', '/healthz /version')`. */
export const urls = (verbs: string, paths: string): PolicyRule => ({ nonResourceURLs: words(paths), verbs: words(verbs) });

export const CORE = [''];
export const READ = 'get list watch';
/** Every controller and component that records Events gets this rule. */
export const EVENTS = rule('create patch update', ['', 'events.k8s.io'], 'events');
