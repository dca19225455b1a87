// The kubelet's image decisions: pull policy defaults and what EnsureImageExists does with each.

import test from 'ava';
import type { Container } from '../../../protocols/kube/objects.ts';
import { pullDecision, pulledMessage, pullPolicyOf } from '../../../actors/kubelet/images.ts';

const c = (image: string, imagePullPolicy?: Container['imagePullPolicy']): Container => ({ name: 'c', image, ...(imagePullPolicy ? { imagePullPolicy } : {}) });

test('the default pull policy: Always for :latest or no tag, IfNotPresent for a tag or a digest', (t) => {
  const table: [string, 'Always' | 'IfNotPresent'][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.14.2', 'IfNotPresent'],
    ['registry.k8s.io/pause:3.10', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31', 'IfNotPresent'],
  ];
  for (const [image, policy] of table) t.is(pullPolicyOf(c(image)), policy, image);
  t.is(pullPolicyOf(c('nginx', 'Never')), 'Never', 'a policy the pod sets wins');
});

test('EnsureImageExists: Always pulls, IfNotPresent pulls what is missing, Never fails with the kubelet\'s message', (t) => {
  t.deepEqual(pullDecision(c('nginx:1', 'Always'), true), { pull: true });
  t.deepEqual(pullDecision(c('nginx:1', 'IfNotPresent'), true), { pull: false });
  t.deepEqual(pullDecision(c('nginx:1', 'IfNotPresent'), false), { pull: true });
  t.deepEqual(pullDecision(c('nginx:1', 'Never'), true), { pull: false });
  t.deepEqual(pullDecision(c('nginx:1', 'Never'), false), {
    error: { reason: 'ErrImageNeverPull', message: 'Container image "nginx:1" is not present with pull policy of Never' },
  });
});

test('the Pulled event says how long the pull took, as Go prints durations', (t) => {
  t.is(pulledMessage('nginx:1.14.2', 1234, 1234, 72099409), 'Successfully pulled image "nginx:1.14.2" in 1.234s (1.234s including waiting). Image size: 72099409 bytes.');
  t.is(pulledMessage('busybox', 850, 900, 2000), 'Successfully pulled image "busybox" in 850ms (900ms including waiting). Image size: 2000 bytes.');
});
