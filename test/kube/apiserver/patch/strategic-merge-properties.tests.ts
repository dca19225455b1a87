import test from 'ava';
import fc from 'fast-check';
import { mergePatch } from '../../../../actors/kube-apiserver/patch/merge-patch.ts';
import { strategicMerge as merge } from '../../../../actors/kube-apiserver/patch/strategic-merge.ts';

type Obj = Record<string, any>;
const strategicMerge = (original: Obj, patch: Obj, type: string): Obj => merge(original, patch, type);
const POD = 'core/v1.Pod';

const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', labels: { app: 'x', tier: 'web' }, annotations: { a: '1' } },
  spec: { replicas: 2, minReadySeconds: 5, paused: false, selector: { matchLabels: { app: 'x' } } },
});

// Over maps and scalars alone a strategic merge patch is a JSON merge patch.
const scalar = fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 9 }));
const scalarPatch = fc.record(
  {
    metadata: fc.record({ labels: fc.dictionary(fc.constantFrom('app', 'tier', 'new'), scalar), annotations: fc.dictionary(fc.constantFrom('a', 'b'), scalar) }, { requiredKeys: [] }),
    spec: fc.record({ replicas: scalar, minReadySeconds: scalar, paused: fc.oneof(fc.boolean(), fc.constant(null)) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);

test('property: on maps and scalars, strategic merge patch agrees with JSON merge patch', (t) => {
  fc.assert(
    fc.property(scalarPatch, (patch) => {
      t.deepEqual(strategicMerge(deployment(), patch, 'apps/v1.Deployment'), mergePatch(deployment(), patch));
    }),
  );
});

const names: fc.Arbitrary<string[]> = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 });

test('property: containers merge by name: every name once, the patch\'s image wins, the others stay', (t) => {
  fc.assert(
    fc.property(names, names, (live, patched) => {
      const pod = { metadata: { name: 'p' }, spec: { containers: live.map((name) => ({ name, image: `live-${name}`, workingDir: '/w' })) } };
      const r = strategicMerge(pod, { spec: { containers: patched.map((name) => ({ name, image: `new-${name}` })) } }, POD);
      const got = r.spec.containers as Obj[];
      t.deepEqual(got.map((x) => x.name).sort(), [...new Set([...live, ...patched])].sort());
      for (const x of got) {
        t.is(x.image, patched.includes(x.name) ? `new-${x.name}` : `live-${x.name}`);
        t.is(x.workingDir, live.includes(x.name) ? '/w' : undefined);
      }
    }),
  );
});

test('property: $setElementOrder naming every container fixes the order', (t) => {
  fc.assert(
    fc.property(
      names,
      names,
      fc.infiniteStream(fc.nat()).map((s) => s),
      (live, patched, seeds) => {
        const all = [...new Set([...live, ...patched])];
        // A permutation of all the names, drawn from the stream.
        const order: string[] = [];
        const left = [...all];
        const it = seeds[Symbol.iterator]();
        while (left.length > 0) order.push(left.splice(it.next().value % left.length, 1)[0]!);
        const pod = { metadata: { name: 'p' }, spec: { containers: live.map((name) => ({ name })) } };
        const patch = { spec: { '$setElementOrder/containers': order.map((name) => ({ name })), containers: order.filter((n) => patched.includes(n)).map((name) => ({ name, image: 'i' })) } };
        if (order.length === 0) return;
        const r = strategicMerge(pod, patch, POD);
        t.deepEqual((r.spec.containers as Obj[]).map((x) => x.name), order);
      },
    ),
  );
});

test('property: finalizers merge as a set, then $deleteFromPrimitiveList removes exactly what it names', (t) => {
  fc.assert(
    fc.property(names, names, names, (live, added, removed) => {
      const pod = { metadata: { name: 'p', finalizers: live }, spec: { containers: [] } };
      // The list first, then its deletions: the order the keys come in.
      const patch = { metadata: { ...(added.length > 0 ? { finalizers: added } : {}), '$deleteFromPrimitiveList/finalizers': removed } };
      const got = strategicMerge(pod, patch, POD).metadata.finalizers as string[];
      t.is(new Set(got).size, got.length);
      t.deepEqual([...got].sort(), [...new Set([...live, ...added])].filter((f) => !removed.includes(f)).sort());
    }),
  );
});
