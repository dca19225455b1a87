// Which built-ins npm test runs how: the heavy ones get only the same-seed check, and the
// slowest are left to `npm run test:chaos` (a plain module: test:chaos imports it outside ava).

/**
 * Fault runs long enough that running them four times more would take the suite past its time:
 * they are checked for same-seed determinism only (in their own test file, so a second worker
 * runs them beside the rest); etcd-leader-failure and etcd-partition, apiserver-basics and
 * default-cluster (whose hosts run every control-plane and node component) cover the same
 * components in the replay, other-seed and tree checks.
 */
export const HEAVY: ReadonlySet<string> = new Set(['etcd-chaos', 'apiserver-chaos', 'apiserver-failover', 'etcd-chaos-5', 'pod-lifecycle', 'node-components-chaos', 'dual-stack-pods', 'bin-packing', 'scheduling-explained', 'node-failure-eviction', 'rollout-and-rollback', 'control-plane-failover', 'batch', 'statefulset-storage', 'cloud-load-balancer', 'control-plane-chaos']);

/**
 * Built-ins whose runs are long enough that npm test cannot afford them beside the rest: checked
 * by `npm run test:chaos -- --control-loops --seeds N` (each over N seeds, and twice on the first
 * for same-seed determinism). control-plane-chaos also runs once in test/kube/control-plane.test.ts,
 * and scheduling-explained, rollout-and-rollback and control-plane-failover keep the control loops'
 * same-seed check in npm test.
 */
export const CHAOS_ONLY: ReadonlySet<string> = new Set(['bin-packing', 'node-failure-eviction', 'batch', 'statefulset-storage', 'cloud-load-balancer', 'control-plane-chaos']);
