// What a container does, as the runtime's container actor sees it: a process model. Containers
// run no real processes; the model (the image catalog, the shell interpreter, the
// sim.kybernetes.io annotations) says when a process logs, listens, answers, grows, and exits.
// The container actor drives it: it starts the process, wakes it at `wakeAt`, passes signals,
// execs and connections in, and turns its outputs into CRI state and log lines.
//
// Every function is pure and deterministic: time comes in as virtual ms, randomness as the
// container actor's seeded stream.

export interface ProcessSpec {
  /** As the pod names it: 'nginx', 'nginx:1.14.2', 'registry.k8s.io/pause:3.10'. */
  readonly image: string;
  readonly containerName: string;
  /** The container's `command` (replaces the image's entrypoint); empty for the image's own. */
  readonly command: readonly string[];
  /** The container's `args` (replaces the image's cmd); empty for the image's own. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The pod's annotations: the sim.kybernetes.io/ ones tune the model. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Declared container ports (TCP). A server image listens on these, or on its own defaults. */
  readonly ports: readonly number[];
  /** Mounted files by absolute path in the container: what `cat` reads, where writes go. */
  readonly files: Readonly<Record<string, string>>;
  /** The cgroup memory limit in bytes; 0 for none. Above it the process is OOMKilled. */
  readonly memoryLimitBytes: number;
}

/** Plain data, opaque to the container actor (kept in its state, traced, checkpointed). */
export type ProcessState = { readonly [key: string]: unknown };

export type ExitReason = 'Completed' | 'Error' | 'OOMKilled';

export type ProcessOutput =
  | { readonly kind: 'log'; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  /** The process ended: exit code 0 → Completed, else Error, or OOMKilled (137) above the limit. */
  | { readonly kind: 'exit'; readonly exitCode: number; readonly reason: ExitReason; readonly message?: string }
  /** A file written by the process, by absolute path (a volume's file when under a mount). */
  | { readonly kind: 'write'; readonly path: string; readonly content: string }
  /** Something the kubelet should say as an Event on the pod (e.g. an unknown image run as a default server). */
  | { readonly kind: 'event'; readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string };

export interface ProcessStep {
  readonly state: ProcessState;
  readonly outputs: readonly ProcessOutput[];
  /** When the model next needs `advance`; null when nothing will happen without input. */
  readonly wakeAt: number | null;
}

export type Signal = 'SIGTERM' | 'SIGKILL';

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Virtual time the command takes; a probe's timeout compares with it. */
  readonly durationMs: number;
}

export type ConnectResult =
  | { readonly kind: 'refused' }
  | { readonly kind: 'response'; readonly status: number; readonly body: string; readonly latencyMs: number };

/** What the container actor needs of a workload model; the runtime is given one. */
export interface ProcessModel {
  start(spec: ProcessSpec, now: number, random: () => number): ProcessStep;
  /** Called at (or after) `wakeAt`. */
  advance(state: ProcessState, now: number, random: () => number): ProcessStep;
  /** SIGTERM lets the process end as it would (a shell's trap, a server's graceful stop); SIGKILL ends it at once with 137. */
  signal(state: ProcessState, signal: Signal, now: number, random: () => number): ProcessStep;
  exec(state: ProcessState, cmd: readonly string[], now: number): ExecResult;
  /** An HTTP request to `port`: refused when nothing listens there (yet). */
  http(state: ProcessState, port: number, method: string, path: string, now: number): ConnectResult;
  /** A TCP connection to `port`: whether something listens there. */
  tcp(state: ProcessState, port: number, now: number): boolean;
  /** The process's memory working set at `now`, in bytes. */
  memoryBytes(state: ProcessState, now: number): number;
  /**
   * Files of a mounted volume changed under the running process (the kubelet rewrote a ConfigMap
   * or Secret volume): `set` by absolute path, `remove` the paths gone. What the process wrote
   * itself elsewhere stays.
   */
  updateFiles(state: ProcessState, set: Readonly<Record<string, string>>, remove: readonly string[]): ProcessState;
}

/** What the image catalog tells the runtime's image service about an image reference. */
export interface ImageInfo {
  /** Normalized as containerd does: 'docker.io/library/nginx:latest'. */
  readonly ref: string;
  /** Whether the simulated registry has it: a pull of an unknown one fails. */
  readonly known: boolean;
  readonly sizeBytes: number;
  /** A stable content digest ('sha256:…') derived from the reference. */
  readonly digest: string;
}

export interface ImageCatalog {
  /** Undefined for a reference that does not parse ("invalid reference format"). */
  lookup(image: string): ImageInfo | undefined;
}
