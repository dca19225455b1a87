// What the apiserver asks of each kind: the registry strategy of k8s.io/apiserver's generic
// registry (defaulting, PrepareForCreate/PrepareForUpdate, Validate/ValidateUpdate, warnings),
// as a pure object per resource. The generic pipeline (actors/kube-apiserver/registry/) does what
// every kind shares: metadata validation, uid, creationTimestamp, generateName, resourceVersion,
// the status/main split for kinds without their own rules. A strategy holds only the kind's own
// rules. Every function is pure and deterministic: what needs randomness or cluster-wide state
// (a Service's clusterIP, a NodePort) comes in through `StrategyContext`.

import type { FieldError } from '../../../protocols/kube/field-errors.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { NameValidator } from '../../../protocols/kube/validation/index.ts';

/** Cluster facts and allocators a strategy may need; the pipeline supplies them. */
export interface StrategyContext {
  /** Virtual time now, RFC 3339 with seconds ("2026-01-01T00:00:00Z"), as Kubernetes stamps it. */
  readonly now: string;
  /** An integer in [0, n) from the apiserver's seeded stream. */
  readonly pick: (n: number) => number;
  /**
   * Allocators for kinds that take cluster-wide resources (Service clusterIPs and NodePorts).
   * Each returns undefined when the range is exhausted or the value is taken; the pipeline
   * releases what a failed write allocated.
   */
  readonly allocate?: Allocators;
}

export interface Allocators {
  /** A free IP of the family ('IPv4' | 'IPv6'); or reserves `ip` when given. */
  clusterIP(family: 'IPv4' | 'IPv6', ip?: string): string | undefined;
  /** A free NodePort in 30000–32767; or reserves `port` when given. */
  nodePort(port?: number): number | undefined;
}

/** The rules of one resource (and of its status subresource). Objects are plain JSON. */
export interface Strategy {
  /** The name rule for metadata.name (most kinds: DNS-1123 subdomain). */
  readonly nameValidator: NameValidator;
  /**
   * Scheme defaulting (SetDefaults_*): fills what the user left out. Runs on every write's
   * incoming object, before prepare and validation. Mutates and returns `obj`.
   */
  defaults(obj: KubeObject): KubeObject;
  /** PrepareForCreate: clears status (for kinds with a status subresource), sets generation 1… Mutates `obj`. */
  prepareForCreate(obj: KubeObject, ctx: StrategyContext): void;
  /** PrepareForUpdate: keeps the old status, bumps generation when the spec changed… Mutates `obj`. */
  prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** The kind's own validation for a new object (metadata is the pipeline's), in Kubernetes' order. */
  validate(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /** The kind's own rules for an update: immutable fields and the like, then what validate checks. */
  validateUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Deprecation and best-practice warnings (the Warning headers). */
  warnings?(obj: KubeObject, old?: KubeObject): string[];
  /** Whether a PUT of a missing object creates it (true for a few kinds, such as Endpoints and Events). */
  readonly allowCreateOnUpdate: boolean;
  /** Whether an update without metadata.resourceVersion is accepted (last write wins). */
  readonly allowUnconditionalUpdate: boolean;
  /**
   * An update's steps (preparing, validating, warning) only read the stored object and take none
   * of its parts into the new one: an update may start from the watch cache's copy itself, not a
   * copy of it.
   */
  readonly updateLeavesOldAlone?: boolean;
  /** The status subresource's rules, for kinds that have one. */
  readonly status?: {
    /** Keeps everything but status (and whatever else the kind lets a status write change) from `old`. */
    prepareForUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
    validateUpdate(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  };
  /**
   * Graceful deletion (pods): the grace period to record when a delete arrives, or undefined to
   * delete at once. `requested` is DeleteOptions.gracePeriodSeconds.
   */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number | undefined;
  /**
   * Paths of the fields a schema of its own drops (a custom resource's structural pruning), sorted,
   * for fieldValidation; built-in kinds' unknown fields are their Go types' business.
   */
  schemaUnknownFields?(obj: KubeObject): string[];
  /** Field selector fields the kind supports beyond metadata.name/namespace (GetAttrs), with their values; every supported field present, "" when unset. */
  selectableFields?(obj: KubeObject): Readonly<Record<string, string>>;
}
