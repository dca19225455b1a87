// `kyb trace TRACE --pod NAMESPACE/NAME`: why the scheduler put a pod where it did, or why it
// could not, read from the trace. Each attempt's FailedScheduling message travels in the Event
// the scheduler writes; a successful attempt's per-node filter verdicts and per-plugin scores
// travel on the Binding (kube-scheduler-simulator's annotations), so the trace holds them both.

import type { TraceEvent } from '../../runtime/trace/index.ts';
import { RESULT_ANNOTATIONS } from '../../actors/kube-scheduler/framework/explain.ts';
import { formatTime } from './trace-view.ts';

interface CallLike {
  readonly verb?: string;
  readonly target?: { readonly resource?: string; readonly subresource?: string; readonly namespace?: string; readonly name?: string };
  readonly body?: { readonly metadata?: { readonly name?: string; readonly annotations?: Record<string, string> }; readonly target?: { readonly name?: string }; readonly involvedObject?: { readonly name?: string; readonly namespace?: string; readonly kind?: string }; readonly reason?: string; readonly message?: string };
}

const callOf = (e: TraceEvent): CallLike | undefined => (e.type === 'send' && e.messageType === 'Call' ? ((e.payload as { call?: CallLike } | undefined)?.call ?? undefined) : undefined);
const parse = (text: string | undefined): Record<string, Record<string, string>> => (text === undefined ? {} : (JSON.parse(text) as Record<string, Record<string, string>>));

/** The lines explaining the pod's scheduling, in trace order. */
export function explainPod(events: Iterable<TraceEvent>, namespace: string, name: string): string[] {
  const out: string[] = [];
  for (const e of events) {
    const call = callOf(e);
    if (call === undefined || call.verb !== 'create' || call.target?.namespace !== namespace) continue;
    const body = call.body;
    if (call.target.resource === 'events' && body?.involvedObject?.kind === 'Pod' && body.involvedObject.name === name && ['FailedScheduling', 'Scheduled', 'Preempted'].includes(body.reason ?? '')) {
      out.push(`${formatTime(e.time)} ${e.actor}: ${body.reason}: ${body.message}`);
    } else if (call.target.resource === 'pods' && call.target.subresource === 'binding' && call.target.name === name) {
      out.push(`${formatTime(e.time)} ${e.actor}: binding to ${body?.target?.name ?? '?'}`);
      const a = body?.metadata?.annotations ?? {};
      const filter = parse(a[RESULT_ANNOTATIONS.filter]);
      const score = parse(a[RESULT_ANNOTATIONS.finalScore]);
      if (Object.keys(filter).length === 0) out.push('  (no per-plugin results on the Binding: the cluster was too large to attach them)');
      for (const node of Object.keys(filter).sort()) {
        const rejected = Object.entries(filter[node]!).filter(([, v]) => v !== 'passed');
        const scores = score[node];
        const total = scores === undefined ? undefined : Object.values(scores).reduce((n, v) => n + Number(v), 0);
        const verdict = rejected.length > 0 ? `rejected by ${rejected.map(([p, v]) => `${p} (${v})`).join(', ')}` : `passed ${Object.keys(filter[node]!).length} filters`;
        const scored = scores === undefined ? '' : `; score ${total}: ${Object.entries(scores).map(([p, v]) => `${p} ${v}`).join(', ')}`;
        out.push(`  ${node === a[RESULT_ANNOTATIONS.selectedNode] ? '*' : ' '} ${node}: ${verdict}${scored}`);
      }
    }
  }
  return out;
}
