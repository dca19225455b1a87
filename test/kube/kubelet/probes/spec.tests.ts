// Probe defaults, handler resolution (prober_test's port cases) and how outcomes read.

import test from 'ava';
import { INITIAL_RESULT, probeTimings, resolveContainerPort, resolveProbeAction, type Probe } from '../../../../actors/kubelet/probes/spec.ts';
import { interpretOutcome, probeEvent, probeKillMessage, resolveErrorVerdict } from '../../../../actors/kubelet/probes/outcome.ts';

const container = { name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }, { name: 'grpc', containerPort: 9090 }] };

test('defaults: period 10 s, timeout 1 s, thresholds 1 and 3, no initial delay', (t) => {
  t.deepEqual(probeTimings({ exec: { command: ['true'] } }), { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 });
  t.deepEqual(probeTimings({ periodSeconds: 3, initialDelaySeconds: 5, timeoutSeconds: 2, successThreshold: 2, failureThreshold: 1 }), { initialDelaySeconds: 5, periodSeconds: 3, timeoutSeconds: 2, successThreshold: 2, failureThreshold: 1 });
});

test('initial results: readiness Failure, liveness Success, startup Unknown', (t) => {
  t.deepEqual(INITIAL_RESULT, { readiness: 'Failure', liveness: 'Success', startup: 'Unknown' });
});

const PORTS: [number | string, number | string][] = [
  [80, 80],
  ['http', 8080],
  ['9000', 9000],
  ['foo', 'strconv.Atoi: parsing "foo": invalid syntax'],
  [0, 'invalid port number: 0'],
  [70000, 'invalid port number: 70000'],
  ['-1', 'invalid port number: -1'],
];
for (const [port, want] of PORTS) {
  test(`port ${JSON.stringify(port)} resolves to ${want}`, (t) => {
    const got = resolveContainerPort(port, container);
    t.deepEqual(typeof got === 'number' ? got : got.error, want);
  });
}

test('httpGet: pod IP as host, named port, default headers, URL as Go prints it', (t) => {
  const a = resolveProbeAction({ httpGet: { path: '/healthz', port: 'http' } }, container, '10.244.1.5');
  t.deepEqual(a, {
    type: 'httpGet',
    scheme: 'http',
    host: '10.244.1.5',
    port: 8080,
    path: '/healthz',
    headers: [['User-Agent', 'kube-probe/1.32'], ['Accept', '*/*']],
    url: 'http://10.244.1.5:8080/healthz',
    timeoutMs: 1000,
  });
});

test('httpGet: host, scheme, own headers and IPv6', (t) => {
  const p: Probe = { httpGet: { host: 'example.com', scheme: 'HTTPS', path: '/', port: 443, httpHeaders: [{ name: 'user-agent', value: 'me' }, { name: 'X-A', value: 'b' }] }, timeoutSeconds: 5 };
  const a = resolveProbeAction(p, container, '10.0.0.1');
  if (a.type !== 'httpGet') return t.fail();
  t.is(a.url, 'https://example.com:443/');
  t.deepEqual(a.headers, [['user-agent', 'me'], ['X-A', 'b'], ['Accept', '*/*']]);
  t.is(a.timeoutMs, 5000);
  const v6 = resolveProbeAction({ httpGet: { path: '/ready', port: 80 } }, container, 'fd00::5');
  t.is(v6.type === 'httpGet' ? v6.url : '', 'http://[fd00::5]:80/ready');
});

test('tcpSocket, grpc, exec and a bad port', (t) => {
  t.deepEqual(resolveProbeAction({ tcpSocket: { port: 'http' } }, container, '10.0.0.2'), { type: 'tcpSocket', host: '10.0.0.2', port: 8080, timeoutMs: 1000 });
  t.deepEqual(resolveProbeAction({ grpc: { port: 9090 } }, container, '10.0.0.2'), { type: 'grpc', host: '10.0.0.2', port: 9090, service: '', timeoutMs: 1000 });
  t.deepEqual(resolveProbeAction({ exec: { command: ['cat', '/tmp/healthy'] } }, container, '10.0.0.2'), { type: 'exec', command: ['cat', '/tmp/healthy'], timeoutMs: 1000 });
  t.deepEqual(resolveProbeAction({ tcpSocket: { port: 'nope' } }, container, '10.0.0.2'), { type: 'error', error: 'strconv.Atoi: parsing "nope": invalid syntax' });
  t.deepEqual(resolveProbeAction({}, container, '10.0.0.2', 'web_default(u1)'), { type: 'error', error: 'missing probe handler for web_default(u1):nginx' });
});

const http = resolveProbeAction({ httpGet: { path: '/healthz', port: 8080 } }, container, '10.244.1.5');
const tcp = resolveProbeAction({ tcpSocket: { port: 8080 } }, container, '10.244.1.5');
const exec = resolveProbeAction({ exec: { command: ['cat', '/tmp/healthy'] } }, container, '10.244.1.5');
const grpc = resolveProbeAction({ grpc: { port: 9090 } }, container, '10.244.1.5');

test('HTTP: 200–399 succeed, others fail with the status code', (t) => {
  if (http.type === 'error') return t.fail();
  for (const code of [200, 204, 301, 399]) t.is(interpretOutcome(http, { type: 'response', statusCode: code, body: 'ok' }).result, 'Success', String(code));
  for (const code of [100, 199, 400, 404, 500, 503]) {
    t.deepEqual(interpretOutcome(http, { type: 'response', statusCode: code }), { result: 'Failure', output: `HTTP probe failed with statuscode: ${code}` });
  }
});

test('network failures in Go\'s words', (t) => {
  if (http.type === 'error' || tcp.type === 'error' || grpc.type === 'error') return t.fail();
  t.is(interpretOutcome(http, { type: 'refused' }).output, 'Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused');
  t.is(interpretOutcome(http, { type: 'timeout' }).output, 'Get "http://10.244.1.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)');
  t.is(interpretOutcome(tcp, { type: 'refused' }).output, 'dial tcp 10.244.1.5:8080: connect: connection refused');
  t.is(interpretOutcome(tcp, { type: 'timeout' }).output, 'dial tcp 10.244.1.5:8080: i/o timeout');
  t.is(interpretOutcome(tcp, { type: 'connected' }).result, 'Success');
  t.is(interpretOutcome(grpc, { type: 'refused' }).output, 'timeout: failed to connect service "10.244.1.5:9090" within 1s: context deadline exceeded');
  t.deepEqual(interpretOutcome(grpc, { type: 'grpcStatus', status: 'NOT_SERVING' }), { result: 'Failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
  t.deepEqual(interpretOutcome(grpc, { type: 'grpcStatus', status: 'SERVING' }), { result: 'Success', output: 'service healthy' });
});

test('exec: exit code 0 succeeds; the output is the message; a timeout fails', (t) => {
  if (exec.type === 'error') return t.fail();
  t.is(interpretOutcome(exec, { type: 'exited', exitCode: 0 }).result, 'Success');
  t.deepEqual(interpretOutcome(exec, { type: 'exited', exitCode: 1, output: "cat: can't open '/tmp/healthy': No such file or directory\n" }), { result: 'Failure', output: "cat: can't open '/tmp/healthy': No such file or directory\n" });
  t.deepEqual(interpretOutcome(exec, { type: 'timeout' }), { result: 'Failure', output: 'command "cat /tmp/healthy" timed out' });
});

test('events: Unhealthy with the kind, failed or errored; none on success', (t) => {
  if (http.type === 'error') return t.fail();
  const v = interpretOutcome(http, { type: 'response', statusCode: 500 });
  t.deepEqual(probeEvent('liveness', v), { type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: HTTP probe failed with statuscode: 500' });
  t.is(probeEvent('readiness', v)?.message, 'Readiness probe failed: HTTP probe failed with statuscode: 500');
  t.is(probeEvent('startup', v)?.message, 'Startup probe failed: HTTP probe failed with statuscode: 500');
  t.is(probeEvent('readiness', { result: 'Success', output: '' }), undefined);
  t.is(probeEvent('liveness', resolveErrorVerdict({ type: 'error', error: 'invalid port number: 0' }))?.message, 'Liveness probe errored: invalid port number: 0');
});

test('kill message of a failed liveness or startup probe', (t) => {
  t.is(probeKillMessage('nginx', 'liveness', true), 'Container nginx failed liveness probe, will be restarted');
  t.is(probeKillMessage('nginx', 'startup', true), 'Container nginx failed startup probe, will be restarted');
  t.is(probeKillMessage('nginx', 'liveness', false), 'Container nginx failed liveness probe');
});
