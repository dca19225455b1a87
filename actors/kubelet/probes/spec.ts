// What a probe is before it runs: its kind, its timings with the API's defaults, the result a
// worker reports before its first probe, and its handler resolved against the container into a
// plain action the shell executes against the container model (no sockets: the model answers).

import type { Container, Pod, Probe } from '../../../protocols/kube/objects.ts';

export type { Probe };

export type ProbeKind = 'startup' | 'liveness' | 'readiness';
export type ProbeResult = 'Success' | 'Failure' | 'Unknown';

/** probeType.String(), the word that opens the kubelet's probe events. */
export const PROBE_KIND_TITLE: Readonly<Record<ProbeKind, string>> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };

/**
 * The result a worker reports for a new container before any probe counted: not ready until
 * proven, alive until proven dead, started unknown.
 */
export const INITIAL_RESULT: Readonly<Record<ProbeKind, ProbeResult>> = { readiness: 'Failure', liveness: 'Success', startup: 'Unknown' };

export interface ProbeTimings {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

/**
 * SetDefaults_Probe: timeout 1 s, period 10 s, thresholds 1 and 3, no initial delay. Liveness and
 * startup probes must have successThreshold 1 (validation enforces it); a zero counts as unset.
 */
export function probeTimings(p: Probe): ProbeTimings {
  return {
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds || 10,
    timeoutSeconds: p.timeoutSeconds || 1,
    successThreshold: p.successThreshold || 1,
    failureThreshold: p.failureThreshold || 3,
  };
}

export const probeOf = (c: Container, kind: ProbeKind): Probe | undefined =>
  kind === 'startup' ? c.startupProbe : kind === 'liveness' ? c.livenessProbe : c.readinessProbe;

export type ProbeAction =
  | { readonly type: 'exec'; readonly command: readonly string[]; readonly timeoutMs: number }
  | {
      readonly type: 'httpGet';
      readonly scheme: 'http' | 'https';
      readonly host: string;
      readonly port: number;
      readonly path: string;
      /** Request headers as sent: the probe's own, then User-Agent and Accept where it set none. */
      readonly headers: readonly (readonly [string, string])[];
      readonly url: string;
      readonly timeoutMs: number;
    }
  | { readonly type: 'tcpSocket'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  | { readonly type: 'grpc'; readonly host: string; readonly port: number; readonly service: string; readonly timeoutMs: number };

/** A handler that cannot run: the kubelet reports "<Kind> probe errored: <error>" and counts nothing. */
export interface ProbeResolveError {
  readonly type: 'error';
  readonly error: string;
}

/** The User-Agent a 1.32 kubelet's HTTP probes send. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

/**
 * ResolveContainerPort: a number is the port; a name is looked up among the container's ports
 * (its containerPort), then tried as a number written as a string. 1–65535 only.
 */
export function resolveContainerPort(port: number | string | undefined, c: Container): number | ProbeResolveError {
  let n: number;
  if (typeof port === 'number') n = port;
  else if (typeof port === 'string') {
    const named = (c.ports ?? []).find((p) => p.name === port);
    if (named) n = named.containerPort;
    else if (/^[+-]?\d+$/.test(port)) n = Number(port);
    else return { type: 'error', error: `strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax` };
  } else return { type: 'error', error: `intOrString had no kind: ${String(port)}` };
  if (n > 0 && n < 65536) return n;
  return { type: 'error', error: `invalid port number: ${n}` };
}

/** net.JoinHostPort: IPv6 literals in brackets. */
export const joinHostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** The probe's handler as an action on this container of the pod at podIP. */
/** `pod` is format.Pod's name_namespace(uid), used only in the missing-handler error. */
export function resolveProbeAction(p: Probe, c: Container, podIP: string, pod = ''): ProbeAction | ProbeResolveError {
  const timeoutMs = probeTimings(p).timeoutSeconds * 1000;
  if (p.exec) return { type: 'exec', command: [...(p.exec.command ?? [])], timeoutMs };
  if (p.httpGet) {
    const port = resolveContainerPort(p.httpGet.port, c);
    if (typeof port !== 'number') return port;
    const scheme = (p.httpGet.scheme ?? 'HTTP').toLowerCase() === 'https' ? 'https' : 'http';
    const host = p.httpGet.host || podIP;
    const path = p.httpGet.path ?? '';
    const headers: [string, string][] = (p.httpGet.httpHeaders ?? []).map((h) => [h.name, h.value]);
    const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name.toLowerCase());
    if (!has('User-Agent')) headers.push(['User-Agent', PROBE_USER_AGENT]);
    if (!has('Accept')) headers.push(['Accept', '*/*']);
    const url = `${scheme}://${joinHostPort(host, port)}${path && !path.startsWith('/') ? '/' : ''}${path}`;
    return { type: 'httpGet', scheme, host, port, path, headers, url, timeoutMs };
  }
  if (p.tcpSocket) {
    const port = resolveContainerPort(p.tcpSocket.port, c);
    if (typeof port !== 'number') return port;
    return { type: 'tcpSocket', host: p.tcpSocket.host || podIP, port, timeoutMs };
  }
  if (p.grpc) {
    const port = resolveContainerPort(p.grpc.port, c);
    if (typeof port !== 'number') return port;
    return { type: 'grpc', host: podIP, port, service: p.grpc.service ?? '', timeoutMs };
  }
  // Validation requires exactly one handler; a probe without one is the prober's "unknown" case.
  return { type: 'error', error: `missing probe handler for ${pod}:${c.name}` };
}
