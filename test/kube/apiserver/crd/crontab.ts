// The docs' CronTab CRD (stable.example.com/v1, namespaced), with the schema a test needs.

import type { CustomResourceDefinition } from '../../../../protocols/kube/objects.ts';

export const cronTabCRD = (openAPIV3Schema: Record<string, unknown>): CustomResourceDefinition =>
  ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      scope: 'Namespaced',
      names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', listKind: 'CronTabList' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  }) as unknown as CustomResourceDefinition;
