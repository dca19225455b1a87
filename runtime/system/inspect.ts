// The supervisor tree as data, and drawn as text.

import type { Cell, Failure, Status } from './cell.ts';

export interface InspectNode {
  readonly path: string;
  readonly name: string;
  readonly kind: string;
  readonly status: Status;
  readonly restarts: number;
  readonly lastFailure: Failure | null;
  readonly mailbox: number;
  readonly processed: number;
  /** The actor's own describe(state), while it runs. */
  readonly description?: unknown;
  readonly children: InspectNode[];
}

export function inspectCell(cell: Cell, rootName: string): InspectNode {
  const node: InspectNode = {
    path: cell.path,
    name: cell.parent === null ? rootName : cell.name,
    kind: cell.def.kind,
    status: cell.status,
    restarts: cell.restarts,
    lastFailure: cell.lastFailure,
    mailbox: cell.mailbox.length,
    processed: cell.processed,
    children: cell.children.map((c) => inspectCell(c, rootName)),
  };
  if (cell.alive && cell.def.describe) {
    let description: unknown;
    try {
      description = cell.def.describe(cell.state);
    } catch (e) {
      description = `describe failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    return { ...node, description };
  }
  return node;
}

const STATUS_COLOR: Record<Status, number> = {
  running: 32, // green
  starting: 36, // cyan
  'backing-off': 33, // yellow
  restarting: 33,
  stopped: 31, // red
};

export interface RenderOptions {
  /** Default: on when stdout is a terminal and NO_COLOR is unset. */
  readonly color?: boolean;
}

export function renderTree(root: InspectNode, options: RenderOptions = {}): string {
  const color = options.color ?? (process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines: string[] = [];
  const walk = (node: InspectNode, prefix: string, branch: string) => {
    const facts = [paint(STATUS_COLOR[node.status], node.status)];
    if (node.restarts > 0) facts.push(`restarts=${node.restarts}`);
    if (node.mailbox > 0) facts.push(`mailbox=${node.mailbox}`);
    if (node.processed > 0) facts.push(`processed=${node.processed}`);
    const childPrefix = prefix + (branch === '└─ ' ? '   ' : branch === '├─ ' ? '│  ' : '');
    let line = `${prefix}${branch}${paint(1, node.name)} ${paint(2, `(${node.kind})`)} ${facts.join(' ')}`;
    if (node.description !== undefined) line += ` ${paint(2, JSON.stringify(node.description))}`;
    lines.push(line);
    if (node.lastFailure) {
      const f = node.lastFailure;
      const under = childPrefix + (node.children.length > 0 ? '│ ' : '  ');
      lines.push(`${under}${paint(31, `last failure on ${f.messageType}: ${f.error}`)}`);
    }
    node.children.forEach((c, i) => walk(c, childPrefix, i === node.children.length - 1 ? '└─ ' : '├─ '));
  };
  walk(root, '', '');
  return lines.join('\n');
}
