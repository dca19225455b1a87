// DefaultBinder: binds by creating the pod's Binding (pods/binding), which sets spec.nodeName,
// the PodScheduled condition, and the Binding's annotations on the pod in one write. The
// scheduler's explanation of the attempt rides on those annotations.

import type { ApiCall } from '../../../protocols/kube/api.ts';
import type { Pod } from '../../../protocols/kube/objects.ts';
import { type BindPlugin, SUCCESS } from '../framework/types.ts';

export const DEFAULT_BINDER = 'DefaultBinder';
/** The cycle-state key under which the scheduler leaves annotations for the Binding. */
export const BINDING_ANNOTATIONS_KEY = 'DefaultBinder/annotations';

export function bindingCall(pod: Pod, nodeName: string, annotations?: Readonly<Record<string, string>>): ApiCall {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  const metadata = { name, namespace, ...(pod.metadata?.uid ? { uid: pod.metadata.uid } : {}), ...(annotations && Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}) };
  return {
    verb: 'create',
    target: { group: '', version: 'v1', resource: 'pods', namespace, name, subresource: 'binding' },
    body: { apiVersion: 'v1', kind: 'Binding', metadata, target: { kind: 'Node', name: nodeName } },
  };
}

export const defaultBinder: BindPlugin = {
  name: DEFAULT_BINDER,
  bind(state, pod, nodeName) {
    const annotations = state.get(BINDING_ANNOTATIONS_KEY) as Readonly<Record<string, string>> | undefined;
    return { status: SUCCESS, calls: [bindingCall(pod, nodeName, annotations)] };
  },
};
