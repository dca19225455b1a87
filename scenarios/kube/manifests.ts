// Manifests: multi-document YAML in, KubeObjects out, and back. It lives in scenarios/ because it
// runs the `yaml` package, which protocols/ may only name for types.
//
// YAML is read as Kubernetes reads it (sigs.k8s.io/yaml over go-yaml v2, YAML 1.1), not as YAML
// 1.2 would: `defaultMode: 0644` is the octal 420 and `yes`/`on` are booleans, so a real manifest
// means here what it means to a real apiserver. Timestamps stay strings, as go-yaml leaves them
// when decoding into untyped maps.

import { type Document, LineCounter, type Tags, parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../protocols/kube/objects.ts';

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  constructor(
    readonly source: string,
    /** 1-based, counting every document the `---` separators make, empty ones included. */
    readonly document: number,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${source}: document ${document}, line ${line}: ${detail}`);
  }
}

const READ_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags => tags.filter((t) => t !== 'timestamp' && !(typeof t === 'object' && t.tag === 'tag:yaml.org,2002:timestamp')),
};

/**
 * Every object in a manifest, in order. Empty documents are skipped (kubectl skips them); a
 * `kind: List` (as `kubectl get -o yaml` writes) gives its items. Throws a ManifestError naming the
 * document and line on bad YAML, or on a document that is not an object with apiVersion and kind.
 */
export function parseManifests(text: string, source = '<manifest>'): KubeObject[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...READ_OPTIONS, lineCounter: lines }) as Document[] | { empty: true };
  if (!Array.isArray(docs)) return [];
  const out: KubeObject[] = [];
  docs.forEach((doc, i) => {
    const n = i + 1;
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lines.linePos(error.pos[0]).line;
      throw new ManifestError(source, n, line, firstSentence(error.message));
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    for (const obj of asObjects(value, (detail) => new ManifestError(source, n, line, detail))) out.push(obj);
  });
  return out;
}

function asObjects(value: unknown, fail: (detail: string) => ManifestError): KubeObject[] {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw fail(`not a Kubernetes object: expected a mapping, found ${Array.isArray(value) ? 'a sequence' : `the scalar ${JSON.stringify(value)}`}`);
  }
  const o = value as Record<string, unknown>;
  // kubectl's validation wording, both at once when both are missing.
  const missing = [typeof o.apiVersion === 'string' && o.apiVersion !== '' ? '' : 'apiVersion not set', typeof o.kind === 'string' && o.kind !== '' ? '' : 'kind not set'].filter(Boolean);
  if (missing.length > 0) throw fail(missing.length === 1 ? missing[0]! : `[${missing.join(', ')}]`);
  if (o.kind === 'List' && Array.isArray(o.items)) return o.items.flatMap((item) => asObjects(item, fail));
  if (o.metadata !== undefined && (typeof o.metadata !== 'object' || o.metadata === null || Array.isArray(o.metadata))) {
    throw fail('metadata: expected a mapping');
  }
  // A missing metadata becomes {}, so that every KubeObject has one to read; the apiserver then
  // says what it lacks (a name) in its own words.
  return [{ ...o, metadata: (o.metadata ?? {}) as KubeObject['metadata'] } as KubeObject];
}

/** yaml's messages end with " at line L, column C:" and a code frame; the line is said already. */
function firstSentence(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

/**
 * Objects as `kubectl get -o yaml` prints them: keys sorted (kubectl goes through untyped maps),
 * sequences not indented under their key, documents separated by `---`; YAML 1.1 quoting, so
 * `"yes"` and `"0644"` stay strings when read back.
 */
export function stringifyManifests(objects: readonly KubeObject[]): string {
  return objects.map((o) => stringify(o, { version: '1.1', sortMapEntries: true, indentSeq: false, lineWidth: 0 })).join('---\n');
}
