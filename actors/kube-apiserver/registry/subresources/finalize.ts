// namespaces/<name>/finalize: a PUT of the Namespace through the finalize strategy, the one way
// spec.finalizers changes. The write that empties them on a namespace being deleted (and holding
// no metadata.finalizers) removes it; the answer is the namespace as that write left it.

import type { Target, UpdateOptions } from '../../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../../protocols/kube/resources.ts';
import { namespaceFinalizeStrategy } from '../../strategies/core/namespace.ts';
import type { RegistryEnv } from '../env.ts';
import type { Step } from '../step.ts';
import { update } from '../update.ts';

export function finalizeNamespace(r: ResourceInfo, target: Target, body: KubeObject, options: UpdateOptions, env: RegistryEnv): Step {
  return update(r, target, body, options, { ...env, strategyFor: () => namespaceFinalizeStrategy });
}
