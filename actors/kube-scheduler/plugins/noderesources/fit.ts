// NodeResourcesFit: PreFilter works out the pod's request, Filter says which resources the node
// lacks ("Insufficient cpu", …, "Too many pods", all of them, pods first), and Score ranks nodes
// by the configured strategy (LeastAllocated with cpu and memory by default) over the pod's
// non-zero requests.

import type { Pod } from '../../../../protocols/kube/objects.ts';
import { isExtendedResourceName, podRequests, toResources } from '../../framework/nodeinfo.ts';
import {
  SUCCESS,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type PluginStatus,
  type PreFilterPlugin,
  type PreScorePlugin,
  type Resources,
  type ScorePlugin,
} from '../../framework/types.ts';
import { DEFAULT_RESOURCES, podRequestList, scoreNode as scoreNodeImported, scorerFor, type ScoringStrategy } from './scorers.ts';

export const FIT_NAME = 'NodeResourcesFit';
const PRE_FILTER_KEY = `PreFilter${FIT_NAME}`;
const PRE_SCORE_KEY = `PreScore${FIT_NAME}`;

/** config.NodeResourcesFitArgs. */
export interface FitArgs {
  readonly ignoredResources?: readonly string[];
  readonly ignoredResourceGroups?: readonly string[];
  readonly scoringStrategy?: ScoringStrategy;
}

export interface InsufficientResource {
  readonly resourceName: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
}

/** computePodResourceRequest: what the pod asks of a node, as the Filter compares it. */
export const computePodResourceRequest = (pod: Pod): Resources => toResources(podRequests(pod)).resources;

function checkResource(out: InsufficientResource[], resourceName: string, want: number, alloc: number, used: number): void {
  if (want > 0 && want > alloc - used) out.push({ resourceName, reason: `Insufficient ${resourceName}`, requested: want, used, capacity: alloc });
}

/** Whether `o` has any own key, without Object.entries' array: this runs for every pod on every node it considers. */
function hasKeys(o: object): boolean {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}

const byName = ([a]: [string, number], [b]: [string, number]): number => (a < b ? -1 : a > b ? 1 : 0);

/** fitsRequest: every resource the node cannot give, in Kubernetes' order (scalar resources by name here, where Go's map order is random). */
export function fitsRequest(req: Resources, node: NodeInfo, args: FitArgs = {}): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  if (node.pods.length + 1 > node.allowedPodNumber) {
    out.push({ resourceName: 'pods', reason: 'Too many pods', requested: 1, used: node.pods.length, capacity: node.allowedPodNumber });
  }
  const hasScalar = hasKeys(req.scalar);
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !hasScalar) return out;
  checkResource(out, 'cpu', req.milliCPU, node.allocatable.milliCPU, node.requested.milliCPU);
  checkResource(out, 'memory', req.memory, node.allocatable.memory, node.requested.memory);
  checkResource(out, 'ephemeral-storage', req.ephemeralStorage, node.allocatable.ephemeralStorage, node.requested.ephemeralStorage);
  if (!hasScalar) return out;
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  for (const [name, want] of Object.entries(req.scalar).sort(byName)) {
    if (want === 0) continue;
    if (isExtendedResourceName(name) && (ignored.has(name) || ignoredGroups.has(name.split('/')[0]!))) continue;
    checkResource(out, name, want, node.allocatable.scalar[name] ?? 0, node.requested.scalar[name] ?? 0);
  }
  return out;
}

// tsx compiles modules to CommonJS, where every read of an imported binding is a getter call;
// the per-node paths read this local copy instead.
const OK: PluginStatus = SUCCESS;
const scoreResources = scoreNodeImported;

/** What the Filter checks on every node, worked out once per cycle from the pod's request. */
interface FitCheck {
  readonly req: Resources;
  /** The scalar resources asked for (not zero, not ignored): name and amount. */
  readonly scalars: readonly (readonly [string, number])[];
}

function fitCheck(req: Resources, args: FitArgs): FitCheck {
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  const scalars = Object.entries(req.scalar).filter(([name, want]) =>
    want !== 0 && !(isExtendedResourceName(name) && (ignored.has(name) || ignoredGroups.has(name.split('/')[0]!))));
  return { req, scalars };
}

/** Whether fitsRequest would find nothing short: true only when the node has room for all of it. */
function fitsAll(c: FitCheck, node: NodeInfo): boolean {
  if (node.pods.length + 1 > node.allowedPodNumber) return false;
  const { req } = c;
  const alloc = node.allocatable;
  const used = node.requested;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) return false;
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) return false;
  for (const [name, want] of c.scalars) if (want > 0 && want > (alloc.scalar[name] ?? 0) - (used.scalar[name] ?? 0)) return false;
  return true;
}

const readState = <T>(state: CycleState, key: string): T | undefined => state.get(key) as T | undefined;

export type FitPlugin = PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin;

export function createFit(args: FitArgs = {}): FitPlugin {
  const strategy: ScoringStrategy = args.scoringStrategy ?? { type: 'LeastAllocated' };
  const resources = strategy.resources ?? DEFAULT_RESOURCES;
  const scorer = scorerFor(strategy);
  // Each request's check, beside the cycle state rather than in it: the cycle state can be part
  // of the scheduler's state (kept while a pod binds), which checkpoints hash.
  const checks = new WeakMap<Resources, FitCheck>();
  return {
    name: FIT_NAME,
    preFilter(state, pod) {
      const req = computePodResourceRequest(pod);
      state.set(PRE_FILTER_KEY, req);
      checks.set(req, fitCheck(req, args));
      return { status: SUCCESS };
    },
    filter(state, _pod, node): PluginStatus {
      const req = readState<Resources>(state, PRE_FILTER_KEY);
      if (!req) return { code: 'Error', reasons: [`error reading "${PRE_FILTER_KEY}" from cycleState: not found`] };
      // Most nodes have room: say so without building the list of shortfalls; the list (and its
      // reasons) only for a node that lacks something.
      const check = checks.get(req);
      if (check !== undefined && fitsAll(check, node)) return OK;
      const short = fitsRequest(req, node, args);
      return short.length === 0 ? OK : { code: 'Unschedulable', reasons: short.map((s) => s.reason) };
    },
    preScore(state, pod) {
      state.set(PRE_SCORE_KEY, podRequestList(pod, resources, true));
      return SUCCESS;
    },
    score(state, pod, node) {
      const reqs = readState<number[]>(state, PRE_SCORE_KEY) ?? podRequestList(pod, resources, true);
      return { score: scoreResources(scorer, resources, node, reqs, false), status: OK };
    },
  };
}
