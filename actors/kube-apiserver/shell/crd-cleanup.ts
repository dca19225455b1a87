// The CRDFinalizer controller run by the replica (crd/cleanup.ts has the rules): for every CRD
// marked for deletion, the in-progress condition, a deletecollection of its custom resources per
// namespace, and once a list finds none, the finalizer dropped. Every replica may try; status writes
// carry the resourceVersion they read, so a loser learns of it by a conflict and tries again on a
// later watch event. Custom resources with finalizers of their own keep the CRD until they go: the
// check is repeated no more often than Kubernetes' 5-second poll, and after a minute of them the
// condition says so (InstanceDeletionCheck) before the cleanup starts over.

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import { crdResources, isEstablished } from '../../../protocols/kube/crd-resources.ts';
import type { CustomResourceDefinition, KubeObject } from '../../../protocols/kube/objects.ts';
import type { ResourceInfo } from '../../../protocols/kube/resources.ts';
import { type FailureStatus, methodNotSupported } from '../../../protocols/kube/status.ts';
import { rfc3339 } from '../../../protocols/kube/time.ts';
import { CHECK_TIMED_OUT, type CrdCondition, DELETION_CHECK_MS, DELETION_DONE, deleteFailed, finished, IN_PROGRESS, isTerminating, namespacesOf, needsCleanup, NEVER_ESTABLISHED, withCondition } from '../crd/cleanup.ts';
import { handleCall } from '../registry/index.ts';
import { runStep } from './etcd.ts';
import type { CleanupState, Shell } from './state.ts';

const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const CRDS_KEY = `${CRDS.group}/${CRDS.resource}`;
const POLL_MS = 5000;

/** Whether a CRD's next look is due (runs on every etcd event: no array made). */
function due(st: CleanupState, now: number): boolean {
  for (const t of st.nextAt.values()) if (t <= now) return true;
  return false;
}

/**
 * Runs after every etcd watch event, so it scans the CRDs only when there can be something to do:
 * the CRD cache changed, an attempt ended, or a CRD's next poll is due.
 */
export function cleanupCRDs(sh: Shell, st: CleanupState): void {
  const at = sh.s.caches.changedAt(CRDS_KEY);
  if (at === st.scanAt && !st.ended && !due(st, sh.ctx.now())) return;
  st.scanAt = at;
  st.ended = false;
  for (const obj of sh.s.caches.items(CRDS.group, CRDS.resource)) {
    const uid = obj.metadata.uid ?? '';
    if (!needsCleanup(obj) || st.running.has(uid) || (st.nextAt.get(uid) ?? 0) > sh.ctx.now()) continue;
    st.running.add(uid);
    const stop = (retryLater: boolean) => {
      st.running.delete(uid);
      st.ended = true;
      if (retryLater) {
        st.nextAt.set(uid, sh.ctx.now() + POLL_MS);
        // The next look comes with the next etcd event, or with this timer when none comes.
        sh.ctx.timers.once('crd-cleanup', POLL_MS, { type: 'CrdPoll' });
      } else st.nextAt.delete(uid);
    };
    writeStatus(sh, withCondition(obj, IN_PROGRESS, now(sh)), (marked) => {
      if (marked === undefined) return stop(false);
      const crd = marked as unknown as CustomResourceDefinition;
      if (!isEstablished(crd)) return writeStatus(sh, finished(marked, NEVER_ESTABLISHED, now(sh)), () => stop(false));
      const r = crdResources(crd)[0];
      if (r === undefined) return writeStatus(sh, finished(marked, DELETION_DONE, now(sh)), () => stop(false));
      deleteInstances(sh, r, (failure) => {
        if (failure !== undefined) return writeStatus(sh, withCondition(marked, failure, now(sh)), () => stop(true));
        call(sh, { verb: 'list', target: target(r) }, (left) => {
          const items = left.ok ? (left.body as { items: readonly KubeObject[] }).items : undefined;
          if (items === undefined || items.length > 0) {
            // Polled for a minute in vain: the finalizer says so, then starts over.
            const since = st.waitingSince.get(uid) ?? sh.ctx.now();
            st.waitingSince.set(uid, since);
            if (sh.ctx.now() - since < DELETION_CHECK_MS) return stop(true);
            st.waitingSince.delete(uid);
            return writeStatus(sh, withCondition(marked, CHECK_TIMED_OUT, now(sh)), () => stop(true));
          }
          st.waitingSince.delete(uid);
          writeStatus(sh, finished(marked, DELETION_DONE, now(sh)), () => stop(false));
        });
      });
    });
  }
}

/** Kubernetes refuses new custom resources once their CRD's Terminating condition is True. */
export function refusedWhileTerminating(sh: Shell, r: ResourceInfo, verb: string): FailureStatus | undefined {
  if (!r.custom || verb !== 'create') return undefined;
  const crd = sh.s.caches.cache(CRDS)?.get('', `${r.resource}.${r.group}`);
  if (crd === undefined || !isTerminating(crd)) return undefined;
  return { ...methodNotSupported({ group: r.group, resource: r.resource }, verb), message: `${verb} not allowed while custom resource definition is terminating` };
}

const now = (sh: Shell): string => rfc3339(sh.env.nowMs);
const target = (r: ResourceInfo, namespace?: string) => ({ group: r.group, version: r.version, resource: r.resource, ...(namespace ? { namespace } : {}) });

function call(sh: Shell, c: ApiCall, then: (result: ApiResult) => void): void {
  runStep(sh, handleCall(c, sh.env), then);
}

/** A status write of `crd` as read; `then` gets what was stored, or undefined when the write lost. */
function writeStatus(sh: Shell, crd: KubeObject, then: (stored: KubeObject | undefined) => void): void {
  call(sh, { verb: 'update', target: { ...CRDS, name: crd.metadata.name ?? '', subresource: 'status' }, body: crd }, (r) => then(r.ok ? (r.body as KubeObject) : undefined));
}

/** Lists the custom resources and deletes them one namespace at a time; the condition to record if that failed. */
function deleteInstances(sh: Shell, r: ResourceInfo, done: (failure: CrdCondition | undefined) => void): void {
  call(sh, { verb: 'list', target: target(r) }, (listed) => {
    if (!listed.ok) return done({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionFailed', message: `could not list instances: ${(listed.body as { message?: string }).message ?? ''}` });
    const namespaces = namespacesOf((listed.body as { items: readonly KubeObject[] }).items);
    const errors: string[] = [];
    const next = (i: number): void => {
      if (i >= namespaces.length) return done(errors.length > 0 ? deleteFailed(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`) : undefined);
      call(sh, { verb: 'deletecollection', target: target(r, namespaces[i] || undefined) }, (d) => {
        if (!d.ok) errors.push((d.body as { message?: string }).message ?? '');
        next(i + 1);
      });
    };
    next(0);
  });
}
