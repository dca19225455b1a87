// What the container model answered to a probe action, read as the kubelet's probers read a real
// answer: the result and the output text that ends up in the Unhealthy event. Network failures
// are worded as Go's net/http, net and grpc errors print, since that is what users see in
// `kubectl describe pod`.

import { goDuration } from '../backoff.ts';
import { PROBE_KIND_TITLE, joinHostPort, type ProbeAction, type ProbeKind, type ProbeResolveError } from './spec.ts';

/** How a probe went, as the container model reports it. */
export type ProbeOutcome =
  /** The command ran and exited. */
  | { readonly type: 'exited'; readonly exitCode: number; readonly output?: string }
  /** An HTTP response arrived. */
  | { readonly type: 'response'; readonly statusCode: number; readonly body?: string }
  /** A TCP connection was accepted. */
  | { readonly type: 'connected' }
  /** A gRPC health check answered with this serving status. */
  | { readonly type: 'grpcStatus'; readonly status: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN' }
  /** The server has no grpc.health.v1.Health service. */
  | { readonly type: 'grpcUnimplemented'; readonly message?: string }
  /** Nothing listens on the port (RST). */
  | { readonly type: 'refused' }
  /** The address is not reachable (no route, host down). */
  | { readonly type: 'unreachable' }
  /** No answer within timeoutSeconds. */
  | { readonly type: 'timeout' };

export interface ProbeVerdict {
  /** Unknown only for a probe that could not run; the worker then counts nothing. */
  readonly result: 'Success' | 'Failure' | 'Unknown';
  readonly output: string;
  /** Set when the probe errored rather than failed. */
  readonly error?: string;
}

const dialError = (host: string, port: number, what: string) => `dial tcp ${joinHostPort(host, port)}: ${what}`;

/** The probers' reading of one outcome of one action. */
export function interpretOutcome(action: ProbeAction, outcome: ProbeOutcome): ProbeVerdict {
  switch (action.type) {
    case 'exec':
      if (outcome.type === 'exited') return { result: outcome.exitCode === 0 ? 'Success' : 'Failure', output: outcome.output ?? '' };
      // ExecProbeTimeout is on (GA): a command past its timeout fails with the runtime's wording.
      if (outcome.type === 'timeout') return { result: 'Failure', output: `command ${JSON.stringify(action.command.join(' '))} timed out` };
      return { result: 'Unknown', output: '', error: `unexpected outcome ${outcome.type} of an exec probe` };
    case 'httpGet': {
      const get = (what: string) => `Get ${JSON.stringify(action.url)}: ${what}`;
      switch (outcome.type) {
        case 'response':
          // Redirects are followed by the client, so a 3xx seen here counts as success too.
          if (outcome.statusCode >= 200 && outcome.statusCode < 400) return { result: 'Success', output: outcome.body ?? '' };
          return { result: 'Failure', output: `HTTP probe failed with statuscode: ${outcome.statusCode}` };
        case 'refused':
          return { result: 'Failure', output: get(dialError(action.host, action.port, 'connect: connection refused')) };
        case 'unreachable':
          return { result: 'Failure', output: get(dialError(action.host, action.port, 'connect: no route to host')) };
        case 'timeout':
          return { result: 'Failure', output: get('context deadline exceeded (Client.Timeout exceeded while awaiting headers)') };
        default:
          return { result: 'Unknown', output: '', error: `unexpected outcome ${outcome.type} of an HTTP probe` };
      }
    }
    case 'tcpSocket':
      switch (outcome.type) {
        case 'connected':
          return { result: 'Success', output: '' };
        case 'refused':
          return { result: 'Failure', output: dialError(action.host, action.port, 'connect: connection refused') };
        case 'unreachable':
          return { result: 'Failure', output: dialError(action.host, action.port, 'connect: no route to host') };
        case 'timeout':
          return { result: 'Failure', output: dialError(action.host, action.port, 'i/o timeout') };
        default:
          return { result: 'Unknown', output: '', error: `unexpected outcome ${outcome.type} of a TCP probe` };
      }
    case 'grpc': {
      const addr = joinHostPort(action.host, action.port);
      const within = goDuration(action.timeoutMs);
      switch (outcome.type) {
        case 'grpcStatus':
          return outcome.status === 'SERVING'
            ? { result: 'Success', output: 'service healthy' }
            : { result: 'Failure', output: `service unhealthy (responded with ${JSON.stringify(outcome.status)})` };
        case 'grpcUnimplemented':
          return { result: 'Failure', output: `error: this server does not implement the grpc health protocol (grpc.health.v1.Health): ${outcome.message ?? 'unknown service grpc.health.v1.Health'}` };
        // The prober dials blocking until the timeout, so a refused or unreachable port shows as a connect timeout.
        case 'refused':
        case 'unreachable':
          return { result: 'Failure', output: `timeout: failed to connect service ${JSON.stringify(addr)} within ${within}: context deadline exceeded` };
        case 'timeout':
          return { result: 'Failure', output: `timeout: health rpc did not complete within ${within}` };
        default:
          return { result: 'Unknown', output: '', error: `unexpected outcome ${outcome.type} of a gRPC probe` };
      }
    }
  }
}

/** A handler that could not be resolved is an errored probe. */
export const resolveErrorVerdict = (e: ProbeResolveError): ProbeVerdict => ({ result: 'Unknown', output: '', error: e.error });

export interface ProbeEvent {
  readonly type: 'Warning';
  readonly reason: 'Unhealthy';
  readonly message: string;
}

/** The event the prober records for a probe that did not succeed; none for a success. */
export function probeEvent(kind: ProbeKind, v: ProbeVerdict): ProbeEvent | undefined {
  if (v.error !== undefined) return { type: 'Warning', reason: 'Unhealthy', message: `${PROBE_KIND_TITLE[kind]} probe errored: ${v.error}` };
  if (v.result === 'Success') return undefined;
  return { type: 'Warning', reason: 'Unhealthy', message: `${PROBE_KIND_TITLE[kind]} probe failed: ${v.output}` };
}

/**
 * computePodActions' message when a failed liveness or startup probe kills a container; the
 * kubelet records it as the Normal "Killing" event of the container.
 */
export function probeKillMessage(containerName: string, kind: 'liveness' | 'startup', willRestart: boolean): string {
  const message = `Container ${containerName} failed ${kind} probe`;
  return willRestart ? `${message}, will be restarted` : message;
}
