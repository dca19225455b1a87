// The Raft invariants, checked step by step over observations of a cluster.

export { type CheckerOptions, RaftInvariants } from './checker.ts';
export { LogTracker } from './log-tracker.ts';
export type { ClusterObservation, DownMember, DurableHardState, DurableView, InvariantName, LiveMember, LogView, MemberObservation, ObservedEntry, Violation } from './types.ts';
export { DurableFollower } from './durable-follower.ts';
export { type InvariantWatch, watchRaftInvariants, type WatchedMembers } from './watch.ts';
