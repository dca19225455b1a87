// The kubelet's restart and image-pull back-off: client-go's flowcontrol.Backoff as plain data,
// and the two ways the kubelet uses it (kuberuntime's doBackOff for CrashLoopBackOff, the image
// manager for ImagePullBackOff). Both use the same parameters, 10 s doubling to 300 s, so one
// core serves both; only the key, the clock reading and the wording differ.
//
// There is no "reset after the container ran 10 minutes" rule as such. An entry is forgotten when
// the event it is asked about (the exited container's finishedAt) comes more than 2 × max (600 s)
// after the entry's last update (the last time a restart was allowed); since that restart started
// the container, in practice that means the container ran for more than 10 minutes.

/** One key's window: its current back-off and when it last moved (virtual ms). */
export interface BackoffEntry {
  readonly backoffMs: number;
  readonly lastUpdateMs: number;
}

export type BackoffState = Readonly<Record<string, BackoffEntry>>;

export interface BackoffConfig {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The kubelet's backOffPeriod and MaxContainerBackOff; its image back-off uses the same. */
export const CONTAINER_BACKOFF: BackoffConfig = { initialMs: 10_000, maxMs: 300_000 };
export const IMAGE_PULL_BACKOFF: BackoffConfig = CONTAINER_BACKOFF;

export const EMPTY_BACKOFF: BackoffState = {};

const hasExpired = (cfg: BackoffConfig, eventMs: number, lastUpdateMs: number) => eventMs - lastUpdateMs > 2 * cfg.maxMs;

/** Backoff.Get: the key's current window, 0 when it has none. */
export const backoffGet = (state: BackoffState, key: string): number => state[key]?.backoffMs ?? 0;

/** Backoff.Next: start at the initial window, or double it (capped); the entry is stamped `now`. */
export function backoffNext(state: BackoffState, cfg: BackoffConfig, key: string, eventMs: number, now: number): BackoffState {
  const entry = state[key];
  const backoffMs = !entry || hasExpired(cfg, eventMs, entry.lastUpdateMs) ? cfg.initialMs : Math.min(entry.backoffMs * 2, cfg.maxMs);
  return { ...state, [key]: { backoffMs, lastUpdateMs: now } };
}

/** Backoff.IsInBackOffSince: less than the window has passed since the event. */
export function inBackOffSince(state: BackoffState, cfg: BackoffConfig, key: string, eventMs: number, now: number): boolean {
  const entry = state[key];
  if (!entry || hasExpired(cfg, eventMs, entry.lastUpdateMs)) return false;
  return now - eventMs < entry.backoffMs;
}

/** Backoff.IsInBackOffSinceUpdate: less than the window has passed since the last update. */
export function inBackOffSinceUpdate(state: BackoffState, cfg: BackoffConfig, key: string, eventMs: number): boolean {
  const entry = state[key];
  if (!entry || hasExpired(cfg, eventMs, entry.lastUpdateMs)) return false;
  return eventMs - entry.lastUpdateMs < entry.backoffMs;
}

/** Backoff.Reset / DeleteEntry. */
export function backoffReset(state: BackoffState, key: string): BackoffState {
  if (!(key in state)) return state;
  const { [key]: _gone, ...rest } = state;
  return rest;
}

/** Backoff.GC: drop entries not updated for more than 2 × max. */
export function backoffGC(state: BackoffState, cfg: BackoffConfig, now: number): BackoffState {
  const kept = Object.entries(state).filter(([, e]) => !(now - e.lastUpdateMs > 2 * cfg.maxMs));
  return kept.length === Object.keys(state).length ? state : Object.fromEntries(kept);
}

/** Go's time.Duration.String for the whole-second and millisecond values back-off produces. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

export interface PodRef {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
}

/** format.Pod: name_namespace(uid), the way the kubelet names a pod in messages. */
export const formatPod = (pod: PodRef): string => `${pod.name}_${pod.namespace}(${pod.uid})`;

/**
 * getStableKey: pod name, namespace, uid, container name and the container's hash, so a changed
 * container spec starts with a fresh back-off. The hash is the caller's (see containerHash).
 */
export const containerBackoffKey = (pod: PodRef, containerName: string, hash: string): string =>
  `${pod.name}_${pod.namespace}_${pod.uid}_${containerName}_${hash}`;

/**
 * A stable hash of a container spec in hex: FNV-1a 32 over its JSON with sorted keys. The
 * kubelet hashes a Go dump of the spec, so the digits differ from a real node's; what matters,
 * that any change to the spec gives another key, holds.
 */
export function containerHash(container: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of stableJson(container)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export type ContainerBackOffDecision =
  | { readonly inBackOff: false; readonly state: BackoffState }
  | {
      readonly inBackOff: true;
      readonly state: BackoffState;
      /** The container's waiting reason and message. */
      readonly reason: 'CrashLoopBackOff';
      readonly message: string;
      /** The Warning event the kubelet records against the container. */
      readonly event: { readonly type: 'Warning'; readonly reason: 'BackOff'; readonly message: string };
    };

/**
 * doBackOff: before (re)starting a container whose last instance exited at `finishedAt`, either
 * hold it back (CrashLoopBackOff) or let it start and move its window on. A container that never
 * exited (`finishedAt` undefined) starts at once and leaves the state alone.
 */
export function containerBackOff(
  state: BackoffState,
  pod: PodRef,
  containerName: string,
  key: string,
  finishedAt: number | undefined,
  now: number,
  cfg: BackoffConfig = CONTAINER_BACKOFF,
): ContainerBackOffDecision {
  if (finishedAt === undefined) return { inBackOff: false, state };
  if (inBackOffSince(state, cfg, key, finishedAt, now)) {
    return {
      inBackOff: true,
      state,
      reason: 'CrashLoopBackOff',
      message: `back-off ${goDuration(backoffGet(state, key))} restarting failed container=${containerName} pod=${formatPod(pod)}`,
      event: { type: 'Warning', reason: 'BackOff', message: `Back-off restarting failed container ${containerName} in pod ${formatPod(pod)}` },
    };
  }
  return { inBackOff: false, state: backoffNext(state, cfg, key, finishedAt, now) };
}

/** The image manager's key: one window per pod and image. */
export const imageBackoffKey = (podUid: string, image: string): string => `${podUid}_${image}`;

/** The image manager's windows, and the error of each key's last failed pull. */
export interface ImagePullBackoffState {
  readonly backoff: BackoffState;
  readonly lastError: Readonly<Record<string, string>>;
}

export const EMPTY_IMAGE_PULL_BACKOFF: ImagePullBackoffState = { backoff: EMPTY_BACKOFF, lastError: {} };

export type ImagePullBackOffDecision =
  | { readonly inBackOff: false }
  | {
      readonly inBackOff: true;
      /** The container's waiting reason and message. */
      readonly reason: 'ImagePullBackOff';
      readonly message: string;
      /** The Normal event on the container (without the previous error). */
      readonly event: { readonly type: 'Normal'; readonly reason: 'BackOff'; readonly message: string };
    };

/**
 * EnsureImageExists' check before a pull: in back-off since the last failed pull, or free to pull.
 * Since 1.32 the waiting message carries the last pull's error after the back-off sentence.
 */
export function imagePullBackOff(state: ImagePullBackoffState, podUid: string, image: string, now: number, cfg: BackoffConfig = IMAGE_PULL_BACKOFF): ImagePullBackOffDecision {
  const key = imageBackoffKey(podUid, image);
  if (!inBackOffSinceUpdate(state.backoff, cfg, key, now)) return { inBackOff: false };
  const sentence = `Back-off pulling image ${JSON.stringify(image)}`;
  const last = state.lastError[key];
  return { inBackOff: true, reason: 'ImagePullBackOff', message: last === undefined ? sentence : `${sentence}: ${last}`, event: { type: 'Normal', reason: 'BackOff', message: sentence } };
}

/**
 * A failed pull moves the pod's window for the image on (both times stamped now, as the kubelet
 * reads its clock for both) and keeps the error: `reason` is the pull error's name, ErrImagePull
 * unless the runtime said RegistryUnavailable or SignatureValidationFailed, and `message` the
 * container's waiting message for it.
 */
export function imagePullFailed(
  state: ImagePullBackoffState,
  podUid: string,
  image: string,
  now: number,
  error: { readonly reason: string; readonly message: string },
  cfg: BackoffConfig = IMAGE_PULL_BACKOFF,
): ImagePullBackoffState {
  const key = imageBackoffKey(podUid, image);
  return { backoff: backoffNext(state.backoff, cfg, key, now, now), lastError: { ...state.lastError, [key]: `${error.reason}: ${error.message}` } };
}

/** A successful pull forgets what the pulls before it said, and drops stale windows (Backoff.GC). */
export function imagePullSucceeded(state: ImagePullBackoffState, podUid: string, image: string, now: number, cfg: BackoffConfig = IMAGE_PULL_BACKOFF): ImagePullBackoffState {
  const { [imageBackoffKey(podUid, image)]: _gone, ...lastError } = state.lastError;
  return { backoff: backoffGC(state.backoff, cfg, now), lastError };
}
