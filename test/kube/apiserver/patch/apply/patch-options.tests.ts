// PatchOptions rules for apply, with apimachinery's messages.

import test from 'ava';
import { validatePatchOptions } from '../../../../../actors/kube-apiserver/patch/apply/patch-options.ts';

test('an apply patch without a field manager is a 422 on PatchOptions', (t) => {
  const s = validatePatchOptions('apply', {});
  t.like(s, { code: 422, reason: 'Invalid', message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch' });
  t.deepEqual(s?.details?.causes, [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }]);
});

test('force is only for apply', (t) => {
  t.like(validatePatchOptions('merge', { force: true }), { code: 422, message: 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch' });
  t.is(validatePatchOptions('apply', { fieldManager: 'kubectl', force: true }), undefined);
  t.is(validatePatchOptions('strategic', {}), undefined);
});

test('a field manager is at most 128 bytes of printable characters', (t) => {
  t.is(validatePatchOptions('apply', { fieldManager: 'x'.repeat(128) }), undefined);
  t.like(validatePatchOptions('apply', { fieldManager: 'x'.repeat(129) }), { message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes' });
  t.like(validatePatchOptions('json', { fieldManager: 'a\tb' }), { message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\tb": invalid character U+0009 (at position 1)' });
  t.is(validatePatchOptions('apply', { fieldManager: 'kube-controller-manager' }), undefined);
});

test('dryRun takes only All; fieldValidation only the three directives', (t) => {
  const odd = { dryRun: ['Sometimes'], fieldValidation: 'Loose' } as unknown as Parameters<typeof validatePatchOptions>[1];
  t.like(validatePatchOptions('merge', odd), {
    message: 'PatchOptions.meta.k8s.io "" is invalid: [dryRun: Unsupported value: []string{"Sometimes"}: supported values: "All", fieldValidation: Unsupported value: "Loose": supported values: "", "Ignore", "Strict", "Warn"]',
  });
  t.is(validatePatchOptions('apply', { fieldManager: 'm', dryRun: ['All'], fieldValidation: 'Strict' }), undefined);
});
