import test from 'ava';
import fc from 'fast-check';
import { type RequestAttributes, ruleAllows, userInfo } from '../../../../actors/kube-apiserver/auth/index.ts';
import type { PolicyRule } from '../../../../actors/kube-apiserver/auth/rbac/types.ts';

const u = userInfo('alice');
const req = (verb: string, apiGroup: string, resource: string, subresource = '', name = ''): RequestAttributes => ({ user: u, verb, apiGroup, resource, subresource, name, namespace: 'ns' });
const path = (verb: string, p: string): RequestAttributes => ({ user: u, verb, path: p });

// The shapes of rbac/validation's rule-matching cases: stars per field, subresource forms, names, URLs.
const CASES: [string, PolicyRule, RequestAttributes, boolean][] = [
  ['star verb', { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] }, req('get', 'group1', 'resource1'), true],
  ['star verb, other group', { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] }, req('get', 'group2', 'resource1'), false],
  ['star group', { verbs: ['get'], apiGroups: ['*'], resources: ['resource1'] }, req('get', 'anything', 'resource1'), true],
  ['star resource', { verbs: ['get'], apiGroups: ['g'], resources: ['*'] }, req('get', 'g', 'anything'), true],
  ['star resource covers subresources', { verbs: ['get'], apiGroups: ['g'], resources: ['*'] }, req('get', 'g', 'pods', 'log'), true],
  ['exact verb list', { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }, req('delete', '', 'pods'), false],
  ['resource does not cover its subresource', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, req('get', '', 'pods', 'log'), false],
  ['subresource form', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, req('get', '', 'pods', 'log'), true],
  ['subresource does not cover its resource', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, req('get', '', 'pods'), false],
  ['*/subresource covers any resource', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments', 'scale'), true],
  ['*/subresource not the resource', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments'), false],
  ['*/subresource other subresource', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, req('get', 'apps', 'deployments', 'status'), false],
  ['resourceNames hit', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'] }, req('get', '', 'configmaps', '', 'b'), true],
  ['resourceNames miss', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, req('get', '', 'configmaps', '', 'c'), false],
  ['resourceNames against a list (no name)', { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }, req('list', '', 'configmaps'), false],
  ['non-resource exact', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, path('get', '/healthz'), true],
  ['non-resource star', { verbs: ['get'], nonResourceURLs: ['*'] }, path('get', '/anything'), true],
  ['non-resource prefix star', { verbs: ['get'], nonResourceURLs: ['/api/*'] }, path('get', '/api/v1'), true],
  ['non-resource prefix star needs the slash', { verbs: ['get'], nonResourceURLs: ['/api/*'] }, path('get', '/api'), false],
  ['non-resource prefix star, trailing slash', { verbs: ['get'], nonResourceURLs: ['/api/*'] }, path('get', '/api/'), true],
  ['non-resource wrong verb', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, path('post', '/healthz'), false],
  ['resource rule never matches a non-resource request', { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, path('get', '/healthz'), false],
  ['non-resource rule never matches a resource request', { verbs: ['*'], nonResourceURLs: ['*'] }, req('get', '', 'pods'), false],
];

test('ruleAllows: table of rule-matching cases', (t) => {
  for (const [name, rule, attrs, want] of CASES) t.is(ruleAllows(attrs, rule), want, name);
});

const word = fc.stringMatching(/^[a-z]{1,6}$/);

test('property: the all-stars rule allows every resource request, an empty rule none', (t) => {
  fc.assert(
    fc.property(word, word, word, fc.option(word, { nil: '' }), fc.option(word, { nil: '' }), (verb, group, resource, sub, name) => {
      const a = req(verb, group, resource, sub, name);
      return ruleAllows(a, { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }) && !ruleAllows(a, { verbs: [] });
    }),
  );
  t.pass();
});

test('property: an exact rule allows exactly its own tuple', (t) => {
  fc.assert(
    fc.property(fc.tuple(word, word, word), fc.tuple(word, word, word), ([v1, g1, r1], [v2, g2, r2]) => {
      const rule = { verbs: [v1], apiGroups: [g1], resources: [r1] };
      return ruleAllows(req(v2, g2, r2), rule) === (v1 === v2 && g1 === g2 && r1 === r2);
    }),
  );
  t.pass();
});
