import test from 'ava';
import { formatFieldErrors } from '../../../../protocols/kube/field-errors.ts';
import { type EncryptionConfiguration, loadEncryptionConfiguration, validateEncryptionConfiguration } from '../../../../actors/kube-apiserver/encryption/index.ts';

const K32 = Buffer.alloc(32, 1).toString('base64');
const cfg = (resources: unknown): EncryptionConfiguration => ({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'EncryptionConfiguration', resources }) as EncryptionConfiguration;
const errors = (resources: unknown) => validateEncryptionConfiguration(cfg(resources)).map((e) => `${e.field}: ${e.type}: ${e.detail}`);

test('the documented example loads', (t) => {
  const r = loadEncryptionConfiguration(`apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
      - configmaps
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: ${K32}
      - identity: {}
`);
  t.true(r.ok);
  if (r.ok) t.deepEqual(r.config.resources[0]?.resources, ['secrets', 'configmaps']);
});

test('keys: base64 of 16, 24 or 32 bytes, with a name (the secret itself never printed)', (t) => {
  const keysAt = (keys: unknown) => errors([{ resources: ['secrets'], providers: [{ aescbc: { keys } }] }]);
  t.deepEqual(keysAt([{ name: 'k', secret: Buffer.alloc(10).toString('base64') }]), [
    'resources[0].providers[0].aescbc.keys[0].secret: FieldValueInvalid: secret is not of the expected length, got 10, expected one of [16 24 32]',
  ]);
  t.deepEqual(keysAt([{ name: 'k', secret: 'not base64!' }]), ['resources[0].providers[0].aescbc.keys[0].secret: FieldValueInvalid: secrets must be base64 encoded']);
  t.deepEqual(keysAt([{ secret: K32 }]), ['resources[0].providers[0].aescbc.keys[0].name: FieldValueRequired: name is a mandatory field for a key']);
  t.deepEqual(keysAt([{ name: 'k' }]), ['resources[0].providers[0].aescbc.keys[0].secret: FieldValueRequired: secret is a mandatory field for a key']);
  t.deepEqual(keysAt([]), ['resources[0].providers[0].aescbc.keys: FieldValueRequired: at least one keys is required']);
  for (const n of [16, 24, 32]) t.deepEqual(keysAt([{ name: 'k', secret: Buffer.alloc(n).toString('base64') }]), []);
  const whole = validateEncryptionConfiguration(cfg([{ resources: ['secrets'], providers: [{ aesgcm: { keys: [{ name: 'k', secret: Buffer.alloc(8).toString('base64') }] } }] }]));
  t.is(formatFieldErrors(whole), 'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 8, expected one of [16 24 32]');
});

test('resources and providers: required, one provider per element, resource names checked', (t) => {
  t.deepEqual(errors([]), ['resources: FieldValueRequired: at least one resources is required']);
  t.deepEqual(errors([{ resources: [], providers: [] }]), [
    'resources[0].resources: FieldValueRequired: at least one resources[0].resources is required',
    'resources[0].providers: FieldValueRequired: at least one resources[0].providers is required',
  ]);
  t.deepEqual(errors([{ resources: ['secrets'], providers: [{ identity: {}, aescbc: { keys: [{ name: 'k', secret: K32 }] } }] }]), [
    'resources[0].providers[0]: FieldValueInvalid: more than one provider specified in a single element, should split into different list elements',
  ]);
  t.deepEqual(errors([{ resources: ['secrets'], providers: [{}] }]), ['resources[0].providers[0]: FieldValueInvalid: provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity']);
  t.deepEqual(errors([{ resources: ['Secrets', '*'], providers: [{ identity: {} }] }]), [
    "resources[0].resources: FieldValueInvalid: using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked",
    'resources[0].resources[0]: FieldValueInvalid: resource name should not contain capital letters',
    "resources[0].resources[1]: FieldValueInvalid: use '*.' to encrypt all the resources from core API group or *.* to encrypt all resources",
  ]);
  const one = (res: string) => errors([{ resources: [res], providers: [{ identity: {} }] }]);
  t.deepEqual(one('serviceipallocations'), ['resources[0].resources[0]: FieldValueInvalid: resources which do not have REST API/s cannot be encrypted']);
  t.deepEqual(one('*.events.k8s.io'), ["resources[0].resources[0]: FieldValueInvalid: '*.events.k8s.io' objects are stored using the 'events' API group in etcd. Use 'events' instead in the config file"]);
  t.deepEqual(one('deployments.extensions'), ["resources[0].resources[0]: FieldValueInvalid: 'extensions' group has been removed and cannot be used for encryption"]);
  t.deepEqual(one('pods.*'), ['resources[0].resources[0]: FieldValueInvalid: encrypting the same resource across groups is not supported']);
  t.deepEqual(one('*.*'), []);
  t.deepEqual(one('*.'), []);
});

test('the file: empty, not YAML, another kind or version, or invalid: each refused with a message', (t) => {
  t.deepEqual(loadEncryptionConfiguration(''), { ok: false, error: 'encryption provider configuration file is empty' });
  t.false(loadEncryptionConfiguration('a: [').ok);
  t.deepEqual(loadEncryptionConfiguration('apiVersion: v1\nkind: ConfigMap\n'), { ok: false, error: 'error decoding encryption provider configuration file: no kind "ConfigMap" is registered for version "v1"' });
  const bad = loadEncryptionConfiguration('apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: []\n');
  t.deepEqual(bad, { ok: false, error: 'resources: Required value: at least one resources is required' });
});

test('one list: a duplicate, or a wildcard with what it covers, is refused with the whole list as the value', (t) => {
  const list = (resources: string[]) => validateEncryptionConfiguration(cfg([{ resources, providers: [{ identity: {} }] }])).map((e) => `${e.field}: ${e.detail}`);
  t.deepEqual(list(['secrets', 'configmaps', 'secrets']), ['resources[0].resources: the same resource cannot be specified multiple times']);
  t.deepEqual(list(['secrets', '*.']), ["resources[0].resources: using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"]);
  t.deepEqual(list(['deployments.apps', '*.*']), ["resources[0].resources: using overlapping resources such as 'secrets' and '*.' in the same resource list is not allowed as they will be masked"]);
  t.deepEqual(list(['deployments.apps', '*.batch', 'secrets']), []);
  t.is(
    formatFieldErrors(validateEncryptionConfiguration(cfg([{ resources: ['secrets', 'secrets'], providers: [{ identity: {} }] }]))),
    'resources[0].resources: Invalid value: []string{"secrets", "secrets"}: the same resource cannot be specified multiple times',
  );
  // Across entries a later mention is simply masked: not a validation error.
  t.deepEqual(validateEncryptionConfiguration(cfg([{ resources: ['secrets'], providers: [{ identity: {} }] }, { resources: ['secrets'], providers: [{ identity: {} }] }])), []);
});

test('secretbox keys are checked as Kubernetes checks them (32 bytes), though this cluster cannot use them', (t) => {
  t.deepEqual(errors([{ resources: ['secrets'], providers: [{ secretbox: { keys: [{ name: 'k', secret: Buffer.alloc(16).toString('base64') }] } }] }]), [
    'resources[0].providers[0].secretbox.keys[0].secret: FieldValueInvalid: secret is not of the expected length, got 16, expected one of [32]',
  ]);
});
