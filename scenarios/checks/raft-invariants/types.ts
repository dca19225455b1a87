// What the invariant checker sees of a cluster after one step, and what it reports.

/** An entry as observed: its place, and what it carries (compared through `identify`). */
export interface ObservedEntry {
  readonly index: number;
  readonly term: number;
  readonly data?: unknown;
  readonly config?: unknown;
}

/** A log: entries after a snapshot point (0, 0 for none), in index order without gaps. */
export interface LogView {
  readonly snapIndex: number;
  readonly snapTerm: number;
  readonly entries: readonly ObservedEntry[];
}

export interface DurableHardState {
  readonly term: number;
  readonly vote: string | null;
  readonly commit: number;
}

/** What a crash of the member's host could not take: its synced writes only. */
export interface DurableView {
  readonly hardState: DurableHardState | undefined;
  readonly log: LogView;
}

interface Common {
  readonly id: string;
  readonly durable: DurableView;
}

/** A member that runs: its volatile state as well as its disk. */
export interface LiveMember extends Common {
  readonly alive: true;
  /** Changes whenever the member starts again from its disk (a host or actor restart). */
  readonly incarnation: number;
  readonly term: number;
  readonly vote: string | null;
  readonly role: string;
  readonly commit: number;
  readonly applied: number;
  readonly log: LogView;
  /** The voters of its configuration in force; absent: every observed member votes. */
  readonly voters?: readonly string[];
  /** The state machine's digest at `applied`; a function is called only when `applied` moved. */
  readonly storeHash: string | (() => string);
}

/** A member whose host is down: only its disk is left. */
export interface DownMember extends Common {
  readonly alive: false;
}

export type MemberObservation = LiveMember | DownMember;

export interface ClusterObservation {
  /** Virtual time, for the messages. */
  readonly at?: number;
  readonly members: readonly MemberObservation[];
}

export type InvariantName =
  | 'election-safety'
  | 'log-matching'
  | 'leader-completeness'
  | 'committed-prefix'
  | 'durable-quorum'
  | 'monotonic'
  | 'one-vote-per-term'
  | 'store-hash';

export interface Violation {
  readonly invariant: InvariantName;
  readonly at: number | undefined;
  readonly message: string;
}
