// The kubelet's watch-based Secret and ConfigMap managers: one informer per referenced object,
// started with its first pod, stopped with its last; terminal and deleted pods release theirs.

import test from 'ava';
import fc from 'fast-check';
import { emptyObjectRefs, objectInformerSpec, podChanged, podObjectInformers } from '../../../../actors/kubelet/volumes/object-refs.ts';
import type { Pod } from '../../../../protocols/kube/objects.ts';

const pod = (uid: string, secrets: string[], configMaps: string[] = [], phase?: string): Pod => ({
  metadata: { name: uid, namespace: 'ns', uid },
  spec: {
    imagePullSecrets: secrets.slice(0, 1).map((name) => ({ name })),
    containers: [{ name: 'c', envFrom: configMaps.map((name) => ({ configMapRef: { name } })) }],
    volumes: secrets.map((s, i) => ({ name: `v${i}`, secret: { secretName: s } })),
  },
  ...(phase ? { status: { phase } } : {}),
});

test('an informer per referenced object, by metadata.name in its namespace', (t) => {
  t.deepEqual(podObjectInformers(pod('a', ['s1', 's2'], ['c1'])), ['secrets/ns/s1', 'secrets/ns/s2', 'configmaps/ns/c1'], 'an image pull secret named twice counts once');
  t.deepEqual(objectInformerSpec('secrets/ns/s1'), { name: 'secrets/ns/s1', resource: 'secrets', namespace: 'ns', fieldSelector: 'metadata.name=s1' });
});

test('started with the first pod that refers to it, stopped with the last; terminal and deleted pods let go', (t) => {
  const refs = emptyObjectRefs();
  t.deepEqual(podChanged(refs, pod('a', ['s1'], ['c1']), false), { start: ['secrets/ns/s1', 'configmaps/ns/c1'], stop: [] });
  t.deepEqual(podChanged(refs, pod('b', ['s1', 's2']), false), { start: ['secrets/ns/s2'], stop: [] });
  t.deepEqual(podChanged(refs, pod('a', ['s1'], ['c1']), false), { start: [], stop: [] }, 'an update naming the same objects changes nothing');
  t.deepEqual(podChanged(refs, pod('a', ['s1'], ['c1'], 'Succeeded'), false), { start: [], stop: ['configmaps/ns/c1'] }, 'a finished pod needs no secrets');
  t.deepEqual(podChanged(refs, pod('a', ['s1'], ['c1'], 'Succeeded'), true), { start: [], stop: [] });
  t.deepEqual(podChanged(refs, pod('b', ['s1', 's2']), true), { start: [], stop: ['secrets/ns/s1', 'secrets/ns/s2'] });
  t.deepEqual(refs, emptyObjectRefs());
});

test('property: the informers running are exactly the objects of the registered, unfinished pods', (t) => {
  const spec = fc.record({ uid: fc.constantFrom('a', 'b', 'c'), secrets: fc.array(fc.constantFrom('s1', 's2', 's3'), { maxLength: 3 }), cms: fc.array(fc.constantFrom('c1', 'c2'), { maxLength: 2 }), terminal: fc.boolean(), deleted: fc.boolean() });
  fc.assert(
    fc.property(fc.array(spec, { maxLength: 40 }), (ops) => {
      const refs = emptyObjectRefs();
      const running = new Set<string>();
      const live = new Map<string, Pod>();
      for (const o of ops) {
        const p = pod(o.uid, o.secrets, o.cms, o.terminal ? 'Failed' : 'Running');
        const c = podChanged(refs, p, o.deleted);
        for (const n of c.start) if (running.has(n)) return false; else running.add(n);
        for (const n of c.stop) if (!running.delete(n)) return false;
        if (o.deleted || o.terminal) live.delete(o.uid);
        else live.set(o.uid, p);
      }
      const want = new Set([...live.values()].flatMap(podObjectInformers));
      return [...want].sort().join() === [...running].sort().join();
    }),
    { numRuns: 300 },
  );
  t.pass();
});
