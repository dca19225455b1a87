// What the server programs of the catalog's images do: their ports, how long they take to listen,
// their memory, the cost and latency of a request, how they answer HTTP, what they log at
// start, and how they take SIGTERM. On SIGTERM, `stopMs: null` is a PID 1 with no handler (the
// kernel drops the signal: Python's and Node's defaults), so only SIGKILL ends it; a Go program
// without its own handler exits 2 (the runtime's fallback when re-raising the signal does not
// kill PID 1).

import { rfc3339, DEFAULT_EPOCH_MS } from '../../../protocols/kube/time.ts';

const Mi = 1024 * 1024;

export interface Page {
  readonly status: number;
  readonly body: string;
}

/** What a page sees of its server: its settings from the command line, and how long it has run. */
export interface ServerView {
  readonly hostname: string;
  readonly text: string;
  readonly version: string;
  readonly startedAt: number;
  readonly now: number;
}

export interface ServerProgram {
  readonly ports: readonly number[];
  /** Whether its ports speak HTTP; an HTTP request to one that does not is refused by the model. */
  readonly http: boolean;
  readonly startupMs: number;
  readonly memoryBytes: number;
  readonly cpuMsPerRequest: number;
  readonly latencyMs: number;
  readonly stopMs: number | null;
  readonly stopExitCode: number;
  readonly startLog: readonly (readonly ['stdout' | 'stderr', string])[];
  readonly page: (path: string, view: ServerView) => Page;
}

export const HEALTH_PATHS = new Set(['/healthz', '/readyz', '/livez', '/health', '/ready', '/live', '/ping', '/status']);

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;
const NGINX_404 = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const HTTPD_404 = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n';
const GO_404 = '404 page not found\n';

const ok = (body: string): Page => ({ status: 200, body });
const pathOnly = (path: string) => path.replace(/\?.*$/, '');
const query = (path: string, key: string) => new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '').get(key);
const healthOr = (path: string, otherwise: Page, body = 'ok'): Page => (HEALTH_PATHS.has(pathOnly(path)) ? ok(body) : otherwise);

const base = { http: true, cpuMsPerRequest: 1, latencyMs: 2, stopExitCode: 0, startLog: [] as const };

export const SERVERS: Readonly<Record<string, ServerProgram>> = {
  nginx: {
    ...base, ports: [80], startupMs: 150, memoryBytes: 8 * Mi, cpuMsPerRequest: 0.2, latencyMs: 1, stopMs: 100,
    startLog: [['stdout', '/docker-entrypoint.sh: Configuration complete; ready for start up'], ['stderr', '[notice] 1#1: start worker processes']],
    page: (p) => (['/', '/index.html'].includes(pathOnly(p)) ? ok(NGINX_INDEX) : healthOr(p, { status: 404, body: NGINX_404 })),
  },
  httpd: {
    ...base, ports: [80], startupMs: 300, memoryBytes: 12 * Mi, cpuMsPerRequest: 0.5, latencyMs: 1, stopMs: 100,
    startLog: [['stderr', 'AH00094: Command line: \'httpd -D FOREGROUND\'']],
    page: (p) => (['/', '/index.html'].includes(pathOnly(p)) ? ok('<html><body><h1>It works!</h1></body></html>\n') : healthOr(p, { status: 404, body: HTTPD_404 })),
  },
  redis: {
    ...base, http: false, ports: [6379], startupMs: 100, memoryBytes: 8 * Mi, cpuMsPerRequest: 0.05, latencyMs: 0.2, stopMs: 100,
    startLog: [['stdout', '1:M * Ready to accept connections tcp']], page: () => ok(''),
  },
  memcached: { ...base, http: false, ports: [11211], startupMs: 50, memoryBytes: 3 * Mi, cpuMsPerRequest: 0.05, latencyMs: 0.2, stopMs: 10, page: () => ok('') },
  postgres: {
    ...base, http: false, ports: [5432], startupMs: 3000, memoryBytes: 40 * Mi, cpuMsPerRequest: 2, latencyMs: 3, stopMs: 500,
    startLog: [['stdout', 'LOG:  database system is ready to accept connections']], page: () => ok(''),
  },
  mysql: {
    ...base, http: false, ports: [3306, 33060], startupMs: 15_000, memoryBytes: 400 * Mi, cpuMsPerRequest: 2, latencyMs: 3, stopMs: 2000,
    startLog: [['stderr', '[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. port: 3306']], page: () => ok(''),
  },
  coredns: {
    ...base, ports: [53, 8080, 8181, 9153], startupMs: 500, memoryBytes: 15 * Mi, cpuMsPerRequest: 0.1, latencyMs: 0.5, stopMs: 5000,
    startLog: [['stdout', '.:53'], ['stdout', 'CoreDNS-1.11.3']],
    page: (p) => (['/health', '/ready'].includes(pathOnly(p)) ? ok('OK') : pathOnly(p) === '/metrics' ? ok('# TYPE coredns_build_info gauge\n') : { status: 404, body: GO_404 }),
  },
  'metrics-server': {
    ...base, ports: [10250], startupMs: 2000, memoryBytes: 20 * Mi, stopMs: 100,
    startLog: [['stderr', 'Serving securely on [::]:10250']], page: (p) => healthOr(p, { status: 404, body: GO_404 }),
  },
  netexec: {
    ...base, ports: [8080], startupMs: 100, memoryBytes: 10 * Mi, latencyMs: 1, stopMs: 10,
    startLog: [['stderr', 'Started HTTP server on port 8080']],
    page: (p, v) => {
      const at = pathOnly(p);
      if (at === '/') return ok(`NOW: ${rfc3339(DEFAULT_EPOCH_MS + v.now)}`);
      if (at === '/hostname') return ok(v.hostname);
      if (at === '/echo') return ok(query(p, 'msg') ?? '');
      if (at === '/exit') return ok('');
      return healthOr(p, { status: 404, body: GO_404 });
    },
  },
  'serve-hostname': { ...base, ports: [9376], startupMs: 100, memoryBytes: 8 * Mi, latencyMs: 1, stopMs: 0, stopExitCode: 2, page: (_p, v) => ok(v.hostname) },
  // agnhost liveness: /healthz answers 200 for the first 10 seconds, then 500 (the docs' liveness-HTTP example).
  liveness: {
    ...base, ports: [8080], startupMs: 50, memoryBytes: 8 * Mi, latencyMs: 1, stopMs: 0, stopExitCode: 2,
    page: (p, v) => {
      if (pathOnly(p) !== '/healthz') return ok('');
      const seconds = (v.now - v.startedAt) / 1000;
      return seconds > 10 ? { status: 500, body: `error: ${seconds}` } : ok('ok');
    },
  },
  'http-echo': {
    ...base, ports: [5678], startupMs: 50, memoryBytes: 5 * Mi, cpuMsPerRequest: 0.1, latencyMs: 1, stopMs: 10,
    startLog: [['stderr', '[INFO] server is listening on :5678']],
    page: (p, v) => (pathOnly(p) === '/health' ? ok('{"status":"ok"}') : ok(`${v.text}\n`)),
  },
  'hello-app': {
    ...base, ports: [8080], startupMs: 50, memoryBytes: 6 * Mi, latencyMs: 1, stopMs: 0, stopExitCode: 2,
    startLog: [['stderr', 'Server listening on port 8080']],
    page: (_p, v) => ok(`Hello, world!\nVersion: ${v.version}\nHostname: ${v.hostname}\n`),
  },
  goproxy: { ...base, ports: [8080], startupMs: 50, memoryBytes: 6 * Mi, stopMs: 0, stopExitCode: 2, page: (p) => healthOr(p, ok('')) },
  echoserver: { ...base, ports: [8080], startupMs: 200, memoryBytes: 10 * Mi, stopMs: 100, page: (p, v) => ok(`Hostname: ${v.hostname}\n\nRequest Information:\n\trequest_uri=${p}\n`) },
  'python-http': {
    ...base, ports: [8000], startupMs: 300, memoryBytes: 15 * Mi, cpuMsPerRequest: 2, latencyMs: 3, stopMs: null,
    startLog: [['stdout', 'Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...']],
    page: (p) => ok(`<!DOCTYPE HTML>\n<html lang="en">\n<head>\n<title>Directory listing for ${pathOnly(p)}</title>\n</head>\n</html>\n`),
  },
  /** A program the model does not know (an unknown image, `node server.js`): answers 200 on any path. */
  generic: {
    ...base, ports: [], startupMs: 1000, memoryBytes: 20 * Mi, cpuMsPerRequest: 2, latencyMs: 5, stopMs: 100,
    page: () => ok('ok\n'),
  },
  node: { ...base, ports: [3000], startupMs: 500, memoryBytes: 40 * Mi, cpuMsPerRequest: 2, latencyMs: 3, stopMs: null, page: () => ok('ok\n') },
};
