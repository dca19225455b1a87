// A workload client of the Kubernetes API that records its history for the linearizability
// checker: gets, puts, compare-and-swaps and deletes of ConfigMaps, one at a time, spread over the
// apiserver replicas. Each write's value is unique, so a ConfigMap's value names its version: a
// CAS is an update carrying the resourceVersion this client saw with the expected value, which
// succeeds exactly when the stored value is still that one. A put is a create, or (when the
// object exists) an update naming no resourceVersion: whichever attempt takes effect is the put.

import { type AskResult, defineActor, stateKey } from '../../../runtime/index.ts';
import { type ApiCall, type ApiResponse, type ApiResult, type ApiserverMsg, kubeApiserverService, type Target } from '../../../protocols/kube/api.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { KvInput, KvOutput } from '../linearizability/index.ts';

export interface KubeRecorded {
  readonly client: number;
  readonly input: KvInput;
  /** Absent when the outcome is unknown. */
  readonly output?: KvOutput;
  readonly call: number;
  readonly return?: number;
}

type Attempt = 'get' | 'create' | 'update' | 'cas' | 'delete';

export type KubeHistoryMsg =
  | { readonly type: 'Start' }
  | { readonly type: 'Answer'; readonly seq: number; readonly result: AskResult<ApiResponse> }
  | { readonly type: 'Next' };

export interface KubeHistoryState {
  done: number;
  active: boolean;
  replica: number;
  seq: number;
  inFlight: { input: KvInput; call: number; attempt: Attempt } | null;
  history: KubeRecorded[];
  /** The resourceVersion each value was written at, as this client saw it. */
  readonly versions: Map<string, string>;
  lastSeen: string[];
}

export const kubeHistoryKey = stateKey<KubeHistoryState>('kube-history-client');

const CONFIGMAPS: Target = { group: '', version: 'v1', resource: 'configmaps', namespace: 'default' };
const objectName = (key: string) => `lin-${key}`;
const valueOf = (o: KubeObject): string | null => ((o.data as Record<string, string> | undefined)?.v ?? null);
const configMap = (key: string, value: string, resourceVersion?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: objectName(key), ...(resourceVersion ? { resourceVersion } : {}) },
  data: { v: value },
});

export function kubeHistoryClient(options: {
  readonly id: number;
  readonly replicas: readonly string[];
  readonly keys: readonly string[];
  readonly operations: number;
  readonly timeoutMs?: number;
  readonly thinkMs?: number;
  /** The bearer token its calls carry. */
  readonly token?: string;
}) {
  const timeout = options.timeoutMs ?? 2000;
  type Ctx = Parameters<Parameters<typeof defineActor<KubeHistoryMsg, KubeHistoryState>>[0]['receive']>[2];

  const pick = (s: KubeHistoryState, ctx: Ctx): KvInput => {
    const key = options.keys[Math.floor(ctx.random() * options.keys.length)]!;
    const r = ctx.random();
    const value = `c${options.id}-${s.done}`;
    const known = s.lastSeen.filter((v) => s.versions.has(v));
    if (r < 0.4) return { op: 'get', key };
    if (r < 0.7) return { op: 'put', key, value };
    if (r < 0.9 && known.length > 0) return { op: 'cas', key, expected: known[Math.floor(ctx.random() * known.length)]!, value };
    return { op: 'delete', key };
  };

  const call = (s: KubeHistoryState, input: KvInput, attempt: Attempt): ApiCall => {
    const named = { ...CONFIGMAPS, name: objectName(input.key) };
    switch (attempt) {
      case 'get':
        return { verb: 'get', target: named };
      case 'delete':
        return { verb: 'delete', target: named };
      case 'create':
        return { verb: 'create', target: CONFIGMAPS, body: configMap(input.key, (input as { value: string }).value) };
      case 'update':
        return { verb: 'update', target: named, body: configMap(input.key, (input as { value: string }).value) };
      case 'cas': {
        const cas = input as Extract<KvInput, { op: 'cas' }>;
        return { verb: 'update', target: named, body: configMap(input.key, cas.value, s.versions.get(cas.expected ?? '')) };
      }
    }
  };

  const send = (s: KubeHistoryState, ctx: Ctx) => {
    const f = s.inFlight!;
    const seq = ++s.seq;
    const to = kubeApiserverService.on(options.replicas[s.replica % options.replicas.length]!);
    const c = call(s, f.input, f.attempt);
    ctx.ask<ApiserverMsg, ApiResponse>(to, (replyTo) => ({ type: 'Call', id: seq, call: c, ...(options.token ? { token: options.token } : {}), replyTo }), timeout, (result) => ({ type: 'Answer', seq, result }));
  };

  const start = (s: KubeHistoryState, ctx: Ctx) => {
    if (s.inFlight !== null || !s.active || s.done >= options.operations) return;
    const input = pick(s, ctx);
    const attempt: Attempt = input.op === 'put' ? 'create' : input.op;
    s.inFlight = { input, call: ctx.now(), attempt };
    send(s, ctx);
  };

  const finish = (s: KubeHistoryState, ctx: Ctx, output: KvOutput | undefined) => {
    const f = s.inFlight!;
    s.history.push({ client: options.id, input: f.input, call: f.call, ...(output !== undefined ? { output, return: ctx.now() } : {}) });
    s.inFlight = null;
    s.done++;
    if (options.thinkMs) ctx.timers.once('next', Math.floor(ctx.random() * options.thinkMs), { type: 'Next' });
    else start(s, ctx);
  };

  const saw = (s: KubeHistoryState, obj: KubeObject) => {
    const v = valueOf(obj);
    if (v === null || !obj.metadata.resourceVersion) return;
    s.versions.set(v, obj.metadata.resourceVersion);
    s.lastSeen.push(v);
    if (s.lastSeen.length > 8) s.lastSeen.shift();
  };

  /** What the answer means for the operation: its output, or the next attempt. */
  const settle = (s: KubeHistoryState, ctx: Ctx, result: ApiResult) => {
    const f = s.inFlight!;
    const body = result.body as KubeObject;
    switch (f.attempt) {
      case 'get':
        if (result.ok) saw(s, body);
        return finish(s, ctx, result.ok ? valueOf(body) : result.code === 404 ? null : undefined);
      case 'delete':
        return finish(s, ctx, result.ok || result.code === 404 ? 'ok' : undefined);
      case 'create':
      case 'update':
        if (result.ok) {
          saw(s, body);
          return finish(s, ctx, 'ok');
        }
        // Taken, or gone since: try the other way. Anything else took no effect and is retried.
        if (result.code === 409 || result.code === 404) f.attempt = f.attempt === 'create' ? 'update' : 'create';
        return send(s, ctx);
      case 'cas':
        if (result.ok) saw(s, body);
        if (result.ok || result.code === 409 || result.code === 404) return finish(s, ctx, result.ok ? 'ok' : 'failed');
        return send(s, ctx);
    }
  };

  return defineActor<KubeHistoryMsg, KubeHistoryState>({
    kind: kubeHistoryKey.kind,
    init: () => ({ done: 0, active: false, replica: options.id, seq: 0, inFlight: null, history: [], versions: new Map(), lastSeen: [] }),
    receive(s, m, ctx) {
      if (m.type === 'Start') {
        s.active = true;
        start(s, ctx);
      } else if (m.type === 'Next') start(s, ctx);
      else if (m.seq === s.seq && s.inFlight !== null) {
        if (m.result.ok) settle(s, ctx, m.result.reply.result);
        else {
          // No answer in time: it may still take effect. The operation's outcome is unknown.
          s.replica++;
          finish(s, ctx, undefined);
        }
      }
      return s;
    },
    describe: (s) => ({ done: s.done, of: options.operations }),
  });
}
