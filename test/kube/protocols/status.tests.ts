// Status errors: codes, reasons, details and messages as a real apiserver sends them.

import test from 'ava';
import { fieldError } from '../../../protocols/kube/field-errors.ts';
import { KubeError, hasReason, kubeError } from '../../../protocols/kube/kube-error.ts';
import * as S from '../../../protocols/kube/status.ts';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };
const Deployment = { group: 'apps', kind: 'Deployment' };

const CASES: readonly [string, S.FailureStatus, number, S.StatusReason, string, object | undefined][] = [
  ['not found', S.notFound(pods, 'web'), 404, 'NotFound', 'pods "web" not found', { name: 'web', kind: 'pods' }],
  ['not found, grouped', S.notFound(deployments, 'web'), 404, 'NotFound', 'deployments.apps "web" not found', { name: 'web', group: 'apps', kind: 'deployments' }],
  ['already exists', S.alreadyExists(pods, 'web'), 409, 'AlreadyExists', 'pods "web" already exists', { name: 'web', kind: 'pods' }],
  ['conflict', S.conflict(pods, 'web'), 409, 'Conflict', 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again', { name: 'web', kind: 'pods' }],
  ['conflict, other cause', S.conflict(deployments, 'web', 'StorageError: invalid object'), 409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "web": StorageError: invalid object', { name: 'web', group: 'apps', kind: 'deployments' }],
  [
    'invalid, one cause',
    S.invalid(Deployment, 'web', [fieldError.invalid('spec.replicas', -1, 'must be greater than or equal to 0')]),
    422,
    'Invalid',
    'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    { name: 'web', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
  ],
  [
    'invalid, two causes',
    S.invalid({ group: '', kind: 'Pod' }, 'web', [fieldError.required('spec.containers'), fieldError.notSupported('spec.restartPolicy', 'Sometimes', ['Always', 'OnFailure', 'Never'])]),
    422,
    'Invalid',
    'Pod "web" is invalid: [spec.containers: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]',
    {
      name: 'web',
      kind: 'Pod',
      causes: [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers' },
        { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"', field: 'spec.restartPolicy' },
      ],
    },
  ],
  ['invalid, no causes', S.invalid(Deployment, 'web', []), 422, 'Invalid', 'Deployment.apps "web" is invalid', { name: 'web', group: 'apps', kind: 'Deployment' }],
  ['bad request', S.badRequest('the namespace of the provided object does not match the namespace sent on the request'), 400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request', undefined],
  [
    'forbidden by RBAC, namespaced',
    S.forbiddenBecause({ user: 'alice', verb: 'get', group: '', resource: 'pods', namespace: 'default', name: 'web' }),
    403,
    'Forbidden',
    'pods "web" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"',
    { name: 'web', kind: 'pods' },
  ],
  [
    'forbidden by RBAC, a list at cluster scope',
    S.forbiddenBecause({ user: 'system:serviceaccount:default:default', verb: 'list', group: '', resource: 'nodes' }),
    403,
    'Forbidden',
    'nodes is forbidden: User "system:serviceaccount:default:default" cannot list resource "nodes" in API group "" at the cluster scope',
    { kind: 'nodes' },
  ],
  [
    'forbidden by RBAC, subresource, with a reason',
    S.forbiddenBecause({ user: 'bob', verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'prod', name: 'db', reason: 'no policy' }),
    403,
    'Forbidden',
    'pods "db" is forbidden: User "bob" cannot create resource "pods/exec" in API group "" in the namespace "prod": no policy',
    { name: 'db', kind: 'pods' },
  ],
  ['forbidden, admission', S.forbidden(deployments, 'web', 'exceeded quota'), 403, 'Forbidden', 'deployments.apps "web" is forbidden: exceeded quota', { name: 'web', group: 'apps', kind: 'deployments' }],
  ['unauthorized', S.unauthorized('Unauthorized'), 401, 'Unauthorized', 'Unauthorized', undefined],
  ['unauthorized, no reason', S.unauthorized(), 401, 'Unauthorized', 'not authorized', undefined],
  ['gone', S.gone('the resource is gone'), 410, 'Gone', 'the resource is gone', undefined],
  ['expired', S.tooOldResourceVersion(5, 10), 410, 'Expired', 'too old resource version: 5 (10)', undefined],
  ['method not allowed', S.methodNotSupported({ group: '', resource: 'bindings' }, 'list'), 405, 'MethodNotAllowed', 'list is not supported on resources of kind "bindings"', { kind: 'bindings' }],
  ['too many requests', S.tooManyRequests('Too many requests, please try again later.', 1), 429, 'TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds: 1 }],
  ['internal error', S.internalError('etcdserver: request timed out'), 500, 'InternalError', 'Internal error occurred: etcdserver: request timed out', { causes: [{ message: 'etcdserver: request timed out' }] }],
  ['timeout', S.timeout('request did not complete within requested timeout - context deadline exceeded', 0), 504, 'Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded', {}],
  ['server timeout', S.serverTimeout(pods, 'create', 2), 500, 'ServerTimeout', 'The create operation against pods could not be completed at this time, please try again.', { name: 'create', kind: 'pods', retryAfterSeconds: 2 }],
];

for (const [name, status, code, reason, message, details] of CASES) {
  test(`status: ${name}`, (t) => {
    t.like(status, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
    t.deepEqual(status.metadata, {});
    t.deepEqual(status.details, details);
    // Key order is Kubernetes' JSON order, so a byte comparison with a real response can hold.
    t.deepEqual(Object.keys(status), ['kind', 'apiVersion', 'metadata', 'status', 'message', 'reason', ...(details === undefined ? [] : ['details']), 'code']);
  });
}

test('KubeError carries its Status, and hasReason reads it thrown or held', (t) => {
  const status = S.notFound(pods, 'web');
  const err = t.throws(() => {
    throw kubeError(status);
  }, { instanceOf: KubeError, message: 'pods "web" not found' });
  t.is(err?.status, status);
  t.is(err?.code, 404);
  t.is(err?.reason, 'NotFound');
  t.is(err?.name, 'KubeError');
  t.true(hasReason(err, 'NotFound'));
  t.true(hasReason(status, 'NotFound'));
  t.false(hasReason(status, 'AlreadyExists'));
  t.false(hasReason(new Error('pods "web" not found'), 'NotFound'));
  t.false(hasReason(null, 'NotFound'));
});
