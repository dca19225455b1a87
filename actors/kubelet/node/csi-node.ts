// The CSINode the kubelet makes for its Node once registered (the CSI plugin's node-info manager):
// owned by the Node, no drivers until a CSI driver registers (none do here), and the in-tree
// plugins whose operations go to CSI drivers named in the migrated-plugins annotation — in 1.32
// every plugin csi-translation-lib knows (Portworx's gate on by default since 1.31), sorted.

import type { CSINode, Node } from '../../../protocols/kube/objects.ts';

export const MIGRATED_PLUGINS_ANNOTATION = 'storage.alpha.kubernetes.io/migrated-plugins';

const MIGRATED_PLUGINS = [
  'kubernetes.io/aws-ebs',
  'kubernetes.io/azure-disk',
  'kubernetes.io/azure-file',
  'kubernetes.io/cinder',
  'kubernetes.io/gce-pd',
  'kubernetes.io/portworx-volume',
  'kubernetes.io/vsphere-volume',
];

export function csiNodeObject(node: Node): CSINode {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSINode',
    metadata: {
      name: node.metadata!.name!,
      annotations: { [MIGRATED_PLUGINS_ANNOTATION]: MIGRATED_PLUGINS.join(',') },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata!.name!, uid: node.metadata!.uid! }],
    },
    spec: { drivers: [] },
  };
}
