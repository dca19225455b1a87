// The node invariants, checked after every step of a run: whatever crashes, on one node no IP is
// held by two sandboxes, a pod has at most one ready sandbox, and a pod's container runs at most
// once at a time (no container runs twice for one pod incarnation). Read from each node's
// container runtime records while it runs (a crashed runtime's records are on its disk, and the
// next incarnation reads them back).

import type { Simulation } from '../../../runtime/kernel/index.ts';

/** What the checks read of a runtime's records. */
export interface RuntimeView {
  readonly sandboxes: Readonly<Record<string, { readonly state: string; readonly ips: readonly string[]; readonly metadata: { readonly uid: string; readonly name: string } }>>;
  readonly containers: Readonly<Record<string, { readonly state: string; readonly sandboxId: string; readonly metadata: { readonly name: string } }>>;
}

export interface NodeViolation {
  readonly at: number;
  readonly node: string;
  readonly message: string;
}

export interface NodeInvariantWatch {
  readonly violation: NodeViolation | null;
  readonly steps: number;
}

/** The first invariant a node's records break, if any. */
export function nodeViolation(node: string, r: RuntimeView): string | undefined {
  const ipHolder = new Map<string, string>();
  const readyOf = new Map<string, string>();
  for (const [id, s] of Object.entries(r.sandboxes)) {
    for (const ip of s.ips) {
      const other = ipHolder.get(ip);
      if (other !== undefined) return `${ip} is held by sandboxes ${other} and ${id}`;
      ipHolder.set(ip, id);
    }
    if (s.state === 'SANDBOX_READY') {
      const other = readyOf.get(s.metadata.uid);
      if (other !== undefined) return `pod ${s.metadata.name} (${s.metadata.uid}) has two ready sandboxes: ${other} and ${id}`;
      readyOf.set(s.metadata.uid, id);
    }
  }
  const running = new Map<string, string>();
  for (const [id, c] of Object.entries(r.containers)) {
    if (c.state !== 'CONTAINER_RUNNING') continue;
    const uid = r.sandboxes[c.sandboxId]?.metadata.uid ?? `?${c.sandboxId}`;
    const key = `${uid}/${c.metadata.name}`;
    const other = running.get(key);
    if (other !== undefined) return `container ${c.metadata.name} of pod ${uid} runs twice on ${node}: ${other} and ${id}`;
    running.set(key, id);
  }
  return undefined;
}

/** Checks every node's records after each step that touched that node's host; keeps the first violation. */
export function watchNodeInvariants(sim: Simulation, nodes: readonly string[], recordsOf: (node: string) => RuntimeView | undefined): NodeInvariantWatch {
  let violation: NodeViolation | null = null;
  let steps = 0;
  const hostOf = (path: string) => path.split('/')[1] ?? '';
  sim.observeSteps((path) => {
    if (violation !== null) return;
    const node = hostOf(path);
    if (!nodes.includes(node)) return;
    steps++;
    const r = recordsOf(node);
    const message = r === undefined ? undefined : nodeViolation(node, r);
    if (message !== undefined) violation = { at: sim.clock.now(), node, message };
  });
  return {
    get violation() {
      return violation;
    },
    get steps() {
      return steps;
    },
  };
}
