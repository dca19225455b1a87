// Which program a container runs: the argv Kubernetes builds (the container's `command` replaces
// the image's ENTRYPOINT and drops its CMD; `args` alone replace the CMD), past the usual
// entrypoint wrappers, read as the image would run it: a shell, a command, a server, or
// something the model cannot compute (unsupported, said as such).

import type { ImageEntry } from './images.ts';
import { COMMANDS_IN_PATH, UNSUPPORTED } from './shell/builtins.ts';

export type Program =
  | { readonly kind: 'server'; readonly server: string; readonly ports: readonly number[]; readonly text: string; readonly unmodelled?: string }
  | { readonly kind: 'shell'; readonly script: string; readonly args: readonly string[] }
  | { readonly kind: 'command'; readonly argv: readonly string[] }
  /** Ends at once: an interpreter with nothing on stdin, a server refusing its configuration. */
  | { readonly kind: 'exit'; readonly code: number; readonly stderr: readonly string[]; readonly message?: string }
  | { readonly kind: 'pause' }
  | { readonly kind: 'pi'; readonly digits: number }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'not-found'; readonly program: string };

/** The argv a container runs, as the kubelet and the runtime compose it. */
export function argvOf(command: readonly string[], args: readonly string[], image: ImageEntry | undefined): string[] {
  if (command.length > 0) return [...command, ...args];
  return [...(image?.entrypoint ?? []), ...(args.length > 0 ? args : (image?.cmd ?? []))];
}

const WRAPPERS = new Set(['docker-entrypoint.sh', 'entrypoint.sh', 'tini', 'dumb-init']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

const basename = (p: string) => p.replace(/^.*\//, '');

/** `--name=v`, `-name=v`, `--name v`, `-name v`. */
function flag(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const dash of ['--', '-']) {
      if (a === dash + name) return args[i + 1];
      if (a.startsWith(`${dash}${name}=`)) return a.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

function port(value: string | undefined, fallback: number): number {
  const n = Number((value ?? '').replace(/^.*:/, ''));
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
}

const server = (name: string, ports: readonly number[], text = ''): Program => ({ kind: 'server', server: name, ports, text });

export function programOf(argv0: readonly string[], env: Readonly<Record<string, string>>, files: Readonly<Record<string, string>>, knownImage: boolean): Program {
  let argv = [...argv0];
  while (argv.length > 0 && (WRAPPERS.has(basename(argv[0]!)) || argv[0] === '--')) argv = argv.slice(1);
  if (argv.length === 0) return { kind: 'exit', code: 0, stderr: [] };
  const [path, ...args] = argv as [string, ...string[]];
  const name = basename(path);
  if (SHELLS.has(name)) {
    const c = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c >= 0) return { kind: 'shell', script: args[c + 1] ?? '', args: args.length > c + 2 ? args.slice(c + 2) : [name] };
    const file = args.find((a) => !a.startsWith('-'));
    if (file === undefined) return { kind: 'exit', code: 0, stderr: [] };
    if (file in files) return { kind: 'shell', script: files[file]!, args: [file, ...args.slice(args.indexOf(file) + 1)] };
    return { kind: 'exit', code: 127, stderr: [`${name}: can't open '${file}': No such file or directory`] };
  }
  if (COMMANDS_IN_PATH.has(name)) return { kind: 'command', argv };
  switch (name) {
    case 'pause':
      return { kind: 'pause' };
    case 'nginx':
      return server('nginx', [80]);
    case 'httpd-foreground':
    case 'httpd':
      return server('httpd', [80]);
    case 'redis-server':
      return server('redis', [port(flag(args, 'port'), 6379)]);
    case 'memcached':
      return server('memcached', [port(flag(args, 'p') ?? flag(args, 'port'), 11211)]);
    case 'postgres':
      if (!env.POSTGRES_PASSWORD && env.POSTGRES_HOST_AUTH_METHOD !== 'trust')
        return { kind: 'exit', code: 1, stderr: ['Error: Database is uninitialized and superuser password is not specified.', '       You must specify POSTGRES_PASSWORD to a non-empty value for the', '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".'] };
      return server('postgres', [port(flag(args, 'p'), 5432)]);
    case 'mysqld':
      if (!env.MYSQL_ROOT_PASSWORD && !env.MYSQL_ALLOW_EMPTY_PASSWORD && !env.MYSQL_RANDOM_ROOT_PASSWORD)
        return { kind: 'exit', code: 1, stderr: ['[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified', '    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'] };
      return server('mysql', [3306, 33060]);
    case 'coredns':
      return server('coredns', [53, 8080, 8181, 9153]);
    case 'metrics-server':
      return server('metrics-server', [port(flag(args, 'secure-port'), 10250)]);
    case 'agnhost':
      switch (args[0]) {
        case 'netexec':
          return server('netexec', [port(flag(args, 'http-port'), 8080)]);
        case 'serve-hostname':
          return server('serve-hostname', [port(flag(args, 'port'), 9376)]);
        case 'liveness':
          return server('liveness', [8080]);
        case 'pause':
          return { kind: 'pause' };
        case undefined:
          return { kind: 'exit', code: 0, stderr: [] };
        default:
          return { kind: 'server', server: 'generic', ports: [port(flag(args, 'port') ?? flag(args, 'http-port'), 8080)], text: '', unmodelled: `agnhost ${args[0]}` };
      }
    case 'http-echo':
      return server('http-echo', [port(flag(args, 'listen'), 5678)], flag(args, 'text') ?? 'hello-world');
    case 'hello-app':
      return server('hello-app', [port(env.PORT, 8080)]);
    case 'goproxy':
      return server('goproxy', [8080]);
    case 'run.sh':
      return server('echoserver', [8080]);
    case 'curl':
      return args.length === 0 ? { kind: 'exit', code: 2, stderr: ["curl: try 'curl --help' or 'curl --manual' for more information"] } : { kind: 'unsupported', what: 'curl' };
  }
  if (/^perl/.test(name)) {
    const e = args.findIndex((a) => /^-[a-zA-Z]*e$/.test(a));
    const script = e >= 0 ? (args[e + 1] ?? '') : undefined;
    const pi = script === undefined ? null : /bpi\((\d+)\)/.exec(script);
    if (pi !== null && pi !== undefined) return { kind: 'pi', digits: Number(pi[1]) };
    if (script === undefined && args.every((a) => a.startsWith('-'))) return { kind: 'exit', code: 0, stderr: [] };
    return { kind: 'unsupported', what: 'a perl program other than bpi(N)' };
  }
  if (/^python[0-9.]*$/.test(name) || name === 'node') {
    const m = args.indexOf('-m');
    if (name !== 'node' && m >= 0 && args[m + 1] === 'http.server') return server('python-http', [port(args[m + 2], 8000)]);
    if (args.some((a) => a === '-c' || a === '-e')) return { kind: 'unsupported', what: `${name} ${args.includes('-c') ? '-c' : '-e'}` };
    const script = args.find((a) => !a.startsWith('-'));
    if (script === undefined) return { kind: 'exit', code: 0, stderr: [] };
    // An application script the model cannot read: assume it serves, and say so.
    return { kind: 'server', server: name === 'node' ? 'node' : 'generic', ports: name === 'node' ? [3000] : [], text: '', unmodelled: `${name} ${script}` };
  }
  if (UNSUPPORTED.has(name)) return { kind: 'unsupported', what: name };
  if (!knownImage) return { kind: 'server', server: 'generic', ports: [], text: '', unmodelled: path };
  return { kind: 'not-found', program: path };
}
