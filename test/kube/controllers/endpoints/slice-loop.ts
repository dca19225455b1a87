// The EndpointSlice controller wired into a ControllerLoop as the manager would run it.

import { ENDPOINTSLICE_INFORMERS, endpointSliceKeys, endpointSliceWritten, syncService } from '../../../../actors/kube-controller-manager/endpointslice/controller.ts';
import { type TrackerMemory, trackerMemory } from '../../../../actors/kube-controller-manager/endpointslice/trackers.ts';
import { loopOf } from './harness.ts';

export const sliceLoop = () =>
  loopOf<TrackerMemory>({
    informers: ENDPOINTSLICE_INFORMERS,
    keysFor: endpointSliceKeys,
    reconcile: (key, listers, _now, m) => syncService(key, listers, m),
    memory: trackerMemory,
    written: endpointSliceWritten,
  });
