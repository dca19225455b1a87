// The node lifecycle controller's flags (kube-controller-manager's defaults in 1.32) and the
// memory it keeps between passes: what it knows of each node and each zone. Memory is lost with
// the controller, as a restarted controller's is: nodes are then seen anew and their grace
// periods start again from the first pass.

import type { EvictionRates, ZoneState, ZoneTainter } from './zones.ts';
import type { NodeHealth } from './health.ts';

export interface LifecycleConfig extends EvictionRates {
  readonly epochMs: number;
  /** --node-monitor-period. */
  readonly monitorPeriodMs: number;
  /** --node-monitor-grace-period. */
  readonly gracePeriodMs: number;
  /** --node-startup-grace-period: for a node that never posted a Ready condition. */
  readonly startupGracePeriodMs: number;
}

export const defaultLifecycleConfig = (epochMs: number): LifecycleConfig => ({
  epochMs,
  monitorPeriodMs: 5_000,
  gracePeriodMs: 50_000,
  startupGracePeriodMs: 60_000,
  evictionQPS: 0.1,
  secondaryEvictionQPS: 0.01,
  largeClusterThreshold: 50,
  unhealthyZoneThreshold: 0.55,
});

export type LifecycleMemory = {
  /** Nodes seen by a pass, with their uid. */
  known: Record<string, string>;
  health: Record<string, NodeHealth>;
  zoneStates: Record<string, ZoneState>;
  tainters: Record<string, ZoneTainter>;
  /** Nodes whose pods could not all be marked not Ready: tried again on the next pass. */
  retry: Record<string, true>;
  /** NoExecute taint patches the tainting pass sent and has not heard back from: node → its zone. */
  tainting: Record<string, string>;
};

export const lifecycleMemory = (): LifecycleMemory => ({ known: {}, health: {}, zoneStates: {}, tainters: {}, retry: {}, tainting: {} });

export const MONITOR_KEY = 'monitor';
export const NODE_KEY = 'node:';
export const POD_KEY = 'pod:';
