// Valid manifests from the Kubernetes docs (the objects as the docs' YAML gives them), each
// accepted by the apiserver as it is: the seeds the invalid corpus is grown from.

import type { KubeObject } from '../../../../protocols/kube/objects.ts';

const labels = { app: 'nginx' };
const container = { name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] };
const template = { metadata: { labels }, spec: { containers: [container] } };

export const VALID: readonly KubeObject[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx-deployment', labels }, spec: { replicas: 3, selector: { matchLabels: labels }, template } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' }, spec: { containers: [container] } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'my-service' }, spec: { selector: { 'app.kubernetes.io/name': 'MyApp' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 9376 }] } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'game-demo' }, data: { player_initial_lives: '3', ui_properties_file_name: 'user-interface.properties' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dotfile-secret' }, data: { '.secret-file': 'dmFsdWUtMg0KDQo=' } },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'frontend', labels: { app: 'guestbook', tier: 'frontend' } }, spec: { replicas: 3, selector: { matchLabels: { tier: 'frontend' } }, template: { metadata: { labels: { tier: 'frontend' } }, spec: { containers: [{ name: 'php-redis', image: 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5' }] } } } },
  { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web' }, spec: { selector: { matchLabels: labels }, serviceName: 'nginx', replicas: 3, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'registry.k8s.io/nginx-slim:0.24', ports: [{ containerPort: 80, name: 'web' }] }] } } } },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'fluentd-elasticsearch', labels: { 'k8s-app': 'fluentd-logging' } }, spec: { selector: { matchLabels: { name: 'fluentd-elasticsearch' } }, template: { metadata: { labels: { name: 'fluentd-elasticsearch' } }, spec: { containers: [{ name: 'fluentd-elasticsearch', image: 'quay.io/fluentd_elasticsearch/fluentd:v2.5.2', resources: { limits: { memory: '200Mi' }, requests: { cpu: '100m', memory: '200Mi' } } }] } } } },
  { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi' }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] }], restartPolicy: 'Never' } }, backoffLimit: 4 } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', command: ['/bin/sh', '-c', 'date; echo Hello from the Kubernetes cluster'] }], restartPolicy: 'OnFailure' } } } } } },
];
