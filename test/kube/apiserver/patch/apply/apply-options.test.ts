// PatchOptions rules for apply, with apimachinery's messages.

import test from 'ava';
import { validateApplyOptions } from '../../../../../actors/kube-apiserver/patch/apply/apply-options.ts';

test('an apply patch without a field manager is a 422 on PatchOptions', (t) => {
  const s = validateApplyOptions('apply', {});
  t.like(s, { code: 422, reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
  t.deepEqual(s?.details?.causes, [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
});

test('force is only for apply', (t) => {
  t.like(validateApplyOptions('merge', { force: true }), { code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
  t.is(validateApplyOptions('apply', { fieldManager: 'kubectl', force: true }), undefined);
  t.is(validateApplyOptions('strategic', {}), undefined);
});

test('a field manager is at most 128 bytes of printable characters', (t) => {
  t.is(validateApplyOptions('apply', { fieldManager: 'x'.repeat(128) }), undefined);
  t.like(validateApplyOptions('apply', { fieldManager: 'x'.repeat(129) }), { message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes' });
  t.like(validateApplyOptions('json', { fieldManager: 'a\tb' }), { message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\tb": invalid character U+0009 (at position 1)' });
  t.is(validateApplyOptions('apply', { fieldManager: 'kube-controller-manager' }), undefined);
});
