// The registry without actors: its steps run against an in-memory etcd store (the same MVCC
// core the members replicate), so a test sees exactly what a request would write.

import { applyCommand } from '../../../actors/etcd/mvcc/commands.ts';
import { MvccStore } from '../../../actors/etcd/mvcc/store.ts';
import { handleCall, type RegistryEnv, type Step } from '../../../actors/kube-apiserver/registry/index.ts';
import { resolveBuiltin } from '../../../actors/kube-apiserver/registry/target.ts';
import { DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';
import { strategyFor } from '../../../actors/kube-apiserver/strategies/index.ts';
import type { Strategy } from '../../../actors/kube-apiserver/strategies/types.ts';
import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import { Rng } from '../../../runtime/index.ts';

export class Registry {
  readonly store = new MvccStore();
  nowMs = DEFAULT_EPOCH_MS;
  private readonly rng = new Rng(1);
  readonly overrides = new Map<string, Strategy>();
  /** What the watch cache would list; tests that need it set it. */
  list?: RegistryEnv['list'];
  /** The watch cache's copy of one object; tests of cache-first updates set it. */
  cached?: RegistryEnv['cached'];
  /** The etcd commands the registry sent, by type, in order. */
  readonly commands: string[] = [];

  get env(): RegistryEnv {
    return {
      nowMs: this.nowMs,
      pick: (n) => this.rng.int(n),
      resolve: resolveBuiltin,
      strategyFor: (r) => this.overrides.get(`${r.group}/${r.resource}`) ?? strategyFor(r),
      ...(this.list ? { list: this.list } : {}),
      ...(this.cached ? { cached: this.cached } : {}),
    };
  }

  get revision(): number {
    return this.store.range('\0', '\0', { countOnly: true }).header.revision;
  }

  run(call: ApiCall): ApiResult {
    let step: Step = handleCall(call, this.env);
    while (step.kind === 'etcd') {
      this.commands.push(step.command.type);
      step = step.then(applyCommand(this.store, step.command));
    }
    return step.result;
  }
}
