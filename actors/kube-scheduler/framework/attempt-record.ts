// What each plugin said in one attempt, stored as the runner produces it: the filter verdicts in
// one flat list with each node's offset, the scores in arrays indexed by plugin and feasible-node
// position. The node → plugin → value records that explanations read are built only when asked,
// since most attempts are never explained and building them for hundreds of nodes per pod
// dominated the cost of scheduling.

import type { PluginStatus } from './types.ts';

/** What each plugin said, for explanations: filter verdicts per node, raw and final weighted scores. */
export interface AttemptRecord {
  readonly filter: Readonly<Record<string, Readonly<Record<string, PluginStatus>>>>;
  /** node → plugin → the plugin's score before normalization and weight. */
  readonly rawScore: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** node → plugin → normalized score times weight. */
  readonly score: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly total: Readonly<Record<string, number>>;
}

/** The filter verdicts as the runner collects them. */
export interface FilterLog {
  /** The filter plugins that ran (those PreFilter did not skip), in order. */
  plugins: readonly string[];
  /** Evaluated nodes in evaluation order; a node evaluated again replaces its earlier entry. */
  readonly nodes: string[];
  /** Where each node's verdicts start in `verdicts`; they end where the next node's start. */
  readonly offsets: number[];
  /** Every verdict, the i-th of a node being plugins[i]'s. */
  readonly verdicts: PluginStatus[];
}

export const newFilterLog = (): FilterLog => ({ plugins: [], nodes: [], offsets: [], verdicts: [] });

/** The scores as the runner collects them: value of plugin p for feasible node n at p × nodes.length + n. */
export interface ScoreLog {
  readonly nodes: readonly string[];
  readonly plugins: readonly string[];
  readonly raw: Float64Array;
  /** Normalized times weight, where `present` is 1: a normalization may leave a node out. */
  readonly weighted: Float64Array;
  readonly present: Uint8Array;
  readonly total: Float64Array;
}

class LazyRecord implements AttemptRecord {
  #filter?: Record<string, Record<string, PluginStatus>>;
  #raw?: Record<string, Record<string, number>>;
  #score?: Record<string, Record<string, number>>;
  #total?: Record<string, number>;

  constructor(private readonly filterLog: FilterLog, private readonly scoreLog: ScoreLog | undefined) {}

  get filter(): Record<string, Record<string, PluginStatus>> {
    if (this.#filter !== undefined) return this.#filter;
    const { plugins, nodes, offsets, verdicts } = this.filterLog;
    const out: Record<string, Record<string, PluginStatus>> = {};
    for (let i = 0; i < nodes.length; i++) {
      const end = i + 1 < nodes.length ? offsets[i + 1]! : verdicts.length;
      const per: Record<string, PluginStatus> = {};
      for (let j = offsets[i]!; j < end; j++) per[plugins[j - offsets[i]!]!] = verdicts[j]!;
      out[nodes[i]!] = per;
    }
    return (this.#filter = out);
  }

  get rawScore(): Record<string, Record<string, number>> {
    return (this.#raw ??= this.perNode((s) => s.raw, false));
  }

  get score(): Record<string, Record<string, number>> {
    return (this.#score ??= this.perNode((s) => s.weighted, true));
  }

  get total(): Record<string, number> {
    if (this.#total !== undefined) return this.#total;
    const out: Record<string, number> = {};
    const s = this.scoreLog;
    if (s !== undefined) for (let n = 0; n < s.nodes.length; n++) out[s.nodes[n]!] = s.total[n]!;
    return (this.#total = out);
  }

  /** Serialized, it reads as the plain record it stands for. */
  toJSON(): AttemptRecord {
    return { filter: this.filter, rawScore: this.rawScore, score: this.score, total: this.total };
  }

  private perNode(values: (s: ScoreLog) => Float64Array, sparse: boolean): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    const s = this.scoreLog;
    if (s === undefined) return out;
    const v = values(s);
    const count = s.nodes.length;
    for (let n = 0; n < count; n++) {
      const per: Record<string, number> = {};
      for (let p = 0; p < s.plugins.length; p++) {
        const at = p * count + n;
        if (!sparse || s.present[at] === 1) per[s.plugins[p]!] = v[at]!;
      }
      out[s.nodes[n]!] = per;
    }
    return out;
  }
}

export const attemptRecord = (filter: FilterLog, scores?: ScoreLog): AttemptRecord => new LazyRecord(filter, scores);
