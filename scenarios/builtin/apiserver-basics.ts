// The Kubernetes docs' nginx Deployment and a Service for it, applied through the apiserver,
// read back, patched the three ways kubectl patches (strategic, merge, JSON), and deleted with
// each propagation policy, whose finalizers are left for the garbage collector.

import type { KubeObject } from '../../protocols/kube/objects.ts';
import { NGINX_DEPLOYMENT } from '../kube/docs-manifests.ts';
import { defineScenario } from '../scenario.ts';

const MANIFESTS = `
${NGINX_DEPLOYMENT}---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
  - protocol: TCP
    port: 80
    targetPort: 80
`;

type DeploymentSpec = { replicas: number; template: { spec: { containers: { name: string; image: string }[] } } };
const spec = (o: KubeObject) => o.spec as DeploymentSpec;

export default defineScenario({
  name: 'apiserver-basics',
  description: "the docs' nginx Deployment and Service applied, read back, patched three ways and deleted with each propagation policy",
  setup: (s) => void s.cluster({ apiserverOnly: true }),
  script: async (s) => {
    await s.advance('3s');
    const [deployment, service] = await s.kube.apply(MANIFESTS);
    s.expect('the Deployment and the Service are created', deployment?.metadata.uid !== undefined && service?.metadata.uid !== undefined, `${deployment?.metadata.name}, ${service?.metadata.name}`);
    const read = await s.kube.get('deploy', 'nginx-deployment');
    s.expect('the Deployment reads back as stored', read.metadata.resourceVersion === deployment?.metadata.resourceVersion && spec(read).replicas === 3, `resourceVersion ${read.metadata.resourceVersion}`);
    const listed = await s.kube.list('svc', { namespace: 'default', labelSelector: '' });
    s.expect('the Service is listed', listed.items.some((o) => o.metadata.name === 'nginx'), listed.items.map((o) => o.metadata.name).join(', '));

    const smp = await s.kube.patch('deployment', 'nginx-deployment', { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.16.1' }] } } } }, { type: 'strategic' });
    const image = spec(smp).template.spec.containers.map((c) => c.image).join(',');
    s.expect('a strategic merge patch changes the container it names', image === 'nginx:1.16.1', image);
    const merge = await s.kube.patch('deployments.apps', 'nginx-deployment', { spec: { replicas: 5 } }, { type: 'merge' });
    s.expect('a merge patch sets replicas', spec(merge).replicas === 5, String(spec(merge).replicas));
    const json = await s.kube.patch('deploy', 'nginx-deployment', [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }], { type: 'json' });
    s.expect('a JSON patch adds a label', json.metadata.labels?.tier === 'web', JSON.stringify(json.metadata.labels));
    s.expect('each spec change bumps the generation', json.metadata.generation === 3, `generation ${json.metadata.generation}`);

    for (const name of ['orphan-me', 'foreground-me', 'background-me']) await s.kube.apply({ ...(deployment as KubeObject), metadata: { name, namespace: 'default', labels: { app: 'nginx' } } });
    const orphaned = await s.kube.delete('deploy', 'orphan-me', { propagationPolicy: 'Orphan' });
    s.expect('Orphan leaves the orphan finalizer', (orphaned.metadata.finalizers ?? []).includes('orphan') && orphaned.metadata.deletionTimestamp !== undefined, JSON.stringify(orphaned.metadata.finalizers));
    const foreground = await s.kube.delete('deploy', 'foreground-me', { propagationPolicy: 'Foreground' });
    s.expect('Foreground leaves the foregroundDeletion finalizer', (foreground.metadata.finalizers ?? []).includes('foregroundDeletion'), JSON.stringify(foreground.metadata.finalizers));
    await s.kube.delete('deploy', 'background-me', { propagationPolicy: 'Background' });
    const gone = await s.kube.find('deploy', 'background-me');
    s.expect('Background deletes at once', gone === undefined);
    await s.kube.delete('svc', 'nginx');
    await s.kube.delete('deploy', 'nginx-deployment');
    const left = await s.kube.list('deployments', { namespace: 'default' });
    s.expect('what the garbage collector has not finished is all that is left', left.items.map((o) => o.metadata.name).join(',') === 'foreground-me,orphan-me', left.items.map((o) => o.metadata.name).join(','));
  },
});
