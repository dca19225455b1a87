// resolveResource accepts what kubectl accepts on its command line, and words a miss as kubectl does.

import test from 'ava';
import { resolveResource } from '../../../protocols/kube/resolve.ts';
import { RESOURCES, apiVersionOf } from '../../../protocols/kube/resources.ts';

const resolved = (arg: string): string => {
  const r = resolveResource(arg);
  return r.ok ? `${apiVersionOf(r.resource)} ${r.resource.kind}` : r.message;
};

const CASES: readonly [string, string][] = [
  ['Pod', 'v1 Pod'],
  ['pods', 'v1 Pod'],
  ['pod', 'v1 Pod'],
  ['po', 'v1 Pod'],
  ['PODS', 'v1 Pod'],
  ['pods.v1.', 'v1 Pod'], // kubectl's fully qualified form for the core group
  ['pods.v1', "the server doesn't have a resource type \"pods\""], // a group named "v1"
  ['svc.v1.', 'v1 Service'],
  ['deployments.apps', 'apps/v1 Deployment'],
  ['deployment.apps', 'apps/v1 Deployment'],
  ['Deployment.apps', 'apps/v1 Deployment'],
  ['deploy', 'apps/v1 Deployment'],
  ['deploy.apps', 'apps/v1 Deployment'],
  ['deployments.v1.apps', 'apps/v1 Deployment'],
  ['Deployment.v1.apps', 'apps/v1 Deployment'],
  ['deployments.v1beta1.apps', "the server doesn't have a resource type \"deployments\""],
  ['deployments.batch', "the server doesn't have a resource type \"deployments\""],
  ['roles.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1 Role'],
  ['roles.v1.rbac.authorization.k8s.io', 'rbac.authorization.k8s.io/v1 Role'],
  ['crd', 'apiextensions.k8s.io/v1 CustomResourceDefinition'],
  ['crds', 'apiextensions.k8s.io/v1 CustomResourceDefinition'],
  ['customresourcedefinitions.apiextensions.k8s.io', 'apiextensions.k8s.io/v1 CustomResourceDefinition'],
  ['hpa', 'autoscaling/v2 HorizontalPodAutoscaler'],
  ['horizontalpodautoscalers.autoscaling', 'autoscaling/v2 HorizontalPodAutoscaler'],
  ['ep', 'v1 Endpoints'],
  ['endpoints', 'v1 Endpoints'],
  ['endpointslices', 'discovery.k8s.io/v1 EndpointSlice'],
  ['limits', 'v1 LimitRange'],
  ['quota', 'v1 ResourceQuota'],
  ['Lease', 'coordination.k8s.io/v1 Lease'],
  ['foo', "the server doesn't have a resource type \"foo\""],
  ['Foos.example.com', "the server doesn't have a resource type \"Foos\""],
  ['', "the server doesn't have a resource type \"\""],
];

for (const [arg, want] of CASES) {
  test(`resolveResource(${JSON.stringify(arg)}) → ${want}`, (t) => {
    t.is(resolved(arg), want);
  });
}

test('every plural, singular, kind and short name resolves to its own resource, alone and with its group', (t) => {
  for (const r of RESOURCES) {
    const q = r.group === '' ? '' : `.${r.group}`;
    for (const name of [r.resource, r.singular, r.kind, ...r.shortNames]) {
      for (const arg of [name, `${name}${q}`, `${name}.${r.version}${q === '' ? '.' : q}`]) {
        const got = resolveResource(arg);
        t.true(got.ok && got.resource === r, `${arg} → ${got.ok ? got.resource.resource : got.message}`);
      }
    }
  }
});
