// Storage transformers built from an EncryptionConfiguration, shaped as Kubernetes builds them:
// per resource, a list of prefix transformers (one per provider, in the file's order); writes use
// the first, reads the first whose prefix the value starts with. An AES provider's prefix is
// `k8s:enc:aescbc:v1:` or `k8s:enc:aesgcm:v1:`, followed by one per key, `<keyName>:`, so a value
// reads `k8s:enc:aescbc:v1:key1:` + IV + ciphertext. Identity has no prefix and refuses values
// that look encrypted (`k8s:enc:`), which lets an identity-first config (decrypting everything
// on its way out) still read what was encrypted before. A read by any but the first transformer
// is `stale`: the value should be rewritten with the current one.

import type { GroupResource } from '../../../protocols/kube/status.ts';
import { cbcOpen, cbcSeal, gcmOpen, gcmSeal, AES_BLOCK, GCM_NONCE, type Opened } from './aes.ts';
import { type Bytes, type RandomBytes, fromBuffer, toBuffer } from './bytes.ts';
import { formatFieldErrors } from '../../../protocols/kube/field-errors.ts';
import { type AESConfiguration, type EncryptionConfiguration, type ProviderConfiguration, decodeBase64Std, parseGroupResource, validateEncryptionConfiguration } from './config.ts';

export type DecryptResult = { readonly ok: true; readonly value: Bytes; readonly stale: boolean } | { readonly ok: false; readonly error: string };

/** One resource's transformer. `storageKey` is the etcd key, aesgcm's additional authenticated data. */
export interface Transformer {
  encrypt(plaintext: Bytes, storageKey: Bytes): Bytes;
  decrypt(stored: Bytes, storageKey: Bytes): DecryptResult;
}

interface Inner {
  write(data: Buffer, aad: Buffer): Buffer;
  read(data: Buffer, aad: Buffer): Opened & { stale?: boolean };
}

interface Prefixed {
  readonly prefix: Buffer;
  readonly inner: Inner;
}

export const AESCBC_PREFIX = 'k8s:enc:aescbc:v1:';
export const AESGCM_PREFIX = 'k8s:enc:aesgcm:v1:';
const ENCRYPTED_MARK = Buffer.from('k8s:enc:');

/** utilerrors.Reduce(NewAggregate(errs)): one error as itself, several bracketed. */
const aggregate = (errs: string[]): string => ([...new Set(errs)].length === 1 ? errs[0]! : `[${[...new Set(errs)].join(', ')}]`);

/** NewPrefixTransformers: a failing prefix match does not stop the search (two providers may share a prefix). */
function prefixTransformers(list: readonly Prefixed[], noMatch: string): Inner {
  return {
    write(data, aad) {
      const first = list[0]!;
      return Buffer.concat([first.prefix, first.inner.write(data, aad)]);
    },
    read(data, aad) {
      const errs: string[] = [];
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        if (!data.subarray(0, t.prefix.length).equals(t.prefix)) continue;
        const r = t.inner.read(data.subarray(t.prefix.length), aad);
        if (!r.ok) {
          if (t.prefix.length > 0) errs.push(r.error);
          continue;
        }
        return { ok: true, value: r.value, stale: (r.stale ?? false) || i !== 0 };
      }
      return { ok: false, error: errs.length > 0 ? aggregate(errs) : noMatch };
    },
  };
}

const identity: Inner = {
  write: (data) => data,
  read: (data) => (data.subarray(0, ENCRYPTED_MARK.length).equals(ENCRYPTED_MARK) ? { ok: false, error: 'identity transformer tried to read encrypted data' } : { ok: true, value: data }),
};

function aesProvider(config: AESConfiguration, mode: 'cbc' | 'gcm', random: RandomBytes): Prefixed {
  const keys = config.keys.map((k): Prefixed => {
    const key = decodeBase64Std(k.secret)!;
    const inner: Inner =
      mode === 'cbc'
        ? { write: (data) => cbcSeal(key, random(AES_BLOCK), data), read: (data) => cbcOpen(key, data) }
        : { write: (data, aad) => gcmSeal(key, random(GCM_NONCE), data, aad), read: (data, aad) => gcmOpen(key, data, aad) };
    return { prefix: Buffer.from(`${k.name}:`), inner };
  });
  return { prefix: Buffer.from(mode === 'cbc' ? AESCBC_PREFIX : AESGCM_PREFIX), inner: prefixTransformers(keys, 'no matching key was found for the provided AES transformer') };
}

function provider(p: ProviderConfiguration, random: RandomBytes): Prefixed | string {
  if (p.aescbc) return aesProvider(p.aescbc, 'cbc', random);
  if (p.aesgcm) return aesProvider(p.aesgcm, 'gcm', random);
  if (p.identity) return { prefix: Buffer.alloc(0), inner: identity };
  if (p.secretbox) return 'provider secretbox is not supported here (only aescbc, aesgcm and identity)';
  if (p.kms) return 'provider kms is not supported here (only aescbc, aesgcm and identity)';
  return 'provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity';
}

const grKey = (gr: GroupResource) => `${gr.resource}.${gr.group}`;
const grYaml = (gr: GroupResource) => (gr.group === '' && gr.resource === '*' ? '*.' : gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`);

function wrap(inner: Inner): Transformer {
  return {
    encrypt: (plaintext, storageKey) => fromBuffer(inner.write(toBuffer(plaintext), toBuffer(storageKey))),
    decrypt(stored, storageKey) {
      const r = inner.read(toBuffer(stored), toBuffer(storageKey));
      return r.ok ? { ok: true, value: fromBuffer(r.value), stale: r.stale ?? false } : r;
    },
  };
}

/** A resource no rule names is stored as it is. */
export const IDENTITY: Transformer = { encrypt: (p) => p, decrypt: (s) => ({ ok: true, value: s, stale: false }) };

export interface EncryptionTransformers {
  /** The exact resource's rule, else its group's `*.<group>`, else `*.*`, else identity. */
  forResource(gr: GroupResource): Transformer;
}

export type Built = { readonly ok: true; readonly transformers: EncryptionTransformers } | { readonly ok: false; readonly error: string };

/** The transformers of a configuration (validated first); `random` supplies every IV and nonce. */
export function buildTransformers(config: EncryptionConfiguration, random: RandomBytes): Built {
  const invalid = validateEncryptionConfiguration(config);
  if (invalid.length > 0) return { ok: false, error: formatFieldErrors(invalid) };
  const byResource = new Map<string, Prefixed[]>();
  for (const rc of config.resources) {
    const list: Prefixed[] = [];
    for (const p of rc.providers) {
      const built = provider(p, random);
      if (typeof built === 'string') return { ok: false, error: built };
      list.push(built);
    }
    for (const res of rc.resources) {
      const gr = parseGroupResource(res);
      for (const mask of [{ group: gr.group, resource: '*' }, { group: '*', resource: '*' }]) {
        if (byResource.has(grKey(mask))) return { ok: false, error: `resource "${grYaml(gr)}" is masked by earlier rule "${grYaml(mask)}"` };
      }
      byResource.set(grKey(gr), [...(byResource.get(grKey(gr)) ?? []), ...list]);
    }
  }
  const transformers = new Map<string, Transformer>();
  for (const [k, list] of byResource) transformers.set(k, wrap(prefixTransformers(list, 'no matching prefix found')));
  return {
    ok: true,
    transformers: {
      forResource: (gr) =>
        transformers.get(grKey(gr)) ?? transformers.get(grKey({ group: gr.group, resource: '*' })) ?? transformers.get(grKey({ group: '*', resource: '*' })) ?? IDENTITY,
    },
  };
}
