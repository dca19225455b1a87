// The controllers the cluster's cloud-controller-manager runs: 1.32's defaults, with
// --allocate-node-cidrs=false, so no route controller (pod ranges are kube-controller-manager's
// node-IPAM's, and pod traffic needs no cloud routes here).
//
// Each is guarded against a float trap in the cloud controllers (to be fixed there; see the
// branch's report): a key looked at again "PERIOD - (now - at)" later can find `now - at` short of
// PERIOD by less than a float's resolution at that time, and ask to be looked at again ~1e-12 ms
// later, which is the same instant, forever (the node controller does so ten minutes in). A
// requeue never comes sooner than 1 ms here, by which time the period has run out.

import { type CloudControllerDef, cloudNodeController, cloudNodeLifecycleController, serviceController } from '../../actors/cloud-controller-manager/index.ts';

const MIN_REQUEUE_MS = 1;

export function guarded(d: CloudControllerDef): CloudControllerDef {
  return {
    ...d,
    spec: (c) => {
      const spec = d.spec(c);
      return {
        ...spec,
        reconcile: (key, listers, view, now) => {
          const r = spec.reconcile(key, listers, view, now);
          return r.requeueAfter !== undefined && r.requeueAfter < MIN_REQUEUE_MS ? { ...r, requeueAfter: MIN_REQUEUE_MS } : r;
        },
      };
    },
  };
}

export const CLUSTER_CLOUD_CONTROLLERS: readonly CloudControllerDef[] = [cloudNodeController, cloudNodeLifecycleController, serviceController].map(guarded);
