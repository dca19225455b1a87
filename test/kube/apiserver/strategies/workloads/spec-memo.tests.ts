// Pod specs that validated clean are remembered, and a spec that is one of them with its volumes
// renamed is known again: through the memo, call after call, validation gives what it gives
// without one. The names are drawn so that renamings, repeats, bad labels, mounts naming nothing
// and names that also stand elsewhere (a port, a container, a ConfigMap) all turn up.

import test from 'ava';
import fc from 'fast-check';
import { FieldPath } from '../../../../../protocols/kube/field-errors.ts';
import { validatePodSpec } from '../../../../../actors/kube-apiserver/strategies/workloads/pod-spec-validation.ts';
import { CleanSpecs, renamedSpec } from '../../../../../actors/kube-apiserver/strategies/workloads/spec-memo.ts';

// Mostly what passes, so that many specs are clean and the memo answers; now and then what does not.
const often = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
const name = often(fc.constantFrom('kube-api-access-abcde', 'kube-api-access-zzzzz', 'data', 'cfg', 'a-very-long-port-name'), fc.constantFrom('BAD', ''));
const mode = often(fc.constant(420), fc.constantFrom(-1, -0, Number.NaN, undefined));
const source = fc.oneof(
  fc.constant({ projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }], defaultMode: 420 } }),
  fc.record({ emptyDir: fc.constant({}) }),
  fc.record({ configMap: fc.record({ name, defaultMode: mode }, { requiredKeys: ['name'] }) }),
  fc.record({ hostPath: fc.record({ path: often(fc.constant('/x'), fc.constant('')) }) }),
  fc.constant({ gitRepo: { repository: 'r' } }),
);
const volume = fc.tuple(name, source).map(([n, s]) => ({ name: n, ...s }));
/** A container whose mounts name the volumes `names` mostly, another name now and then. */
const container = (names: string[]) =>
  fc.record(
    {
      name: often(fc.constantFrom('c', 'd'), name),
      image: often(fc.constant('nginx'), fc.constant(' x')),
      terminationMessagePolicy: fc.constant('File'),
      imagePullPolicy: fc.constant('Always'),
      volumeMounts: fc.array(fc.record({ name: names.length > 0 ? often(fc.constantFrom(...names), name) : name, mountPath: fc.constantFrom('/a', '/b'), readOnly: fc.constantFrom(true, undefined) }, { requiredKeys: ['name', 'mountPath'] }), { maxLength: 1 }),
      ports: fc.array(fc.record({ name: often(fc.constant('http'), name), containerPort: often(fc.constant(80), fc.constant(0)) }), { maxLength: 1 }),
      env: fc.constantFrom([{ name: 'A', value: '1' }], [{ name: 'A', value: '1' }, { name: 'A', value: '2' }]),
      resources: fc.constantFrom({}, { requests: { memory: '1500m' } }),
    },
    { requiredKeys: ['name', 'image', 'terminationMessagePolicy', 'imagePullPolicy'] },
  );
const spec = fc.array(volume, { maxLength: 2 }).chain((volumes) => {
  const names = volumes.map((v) => v.name);
  return fc.record(
    {
      containers: fc.tuple(container(names)),
      initContainers: fc.array(container(names).map((c) => ({ ...c, name: 'i' })), { maxLength: 1 }),
      volumes: fc.constant(volumes),
      restartPolicy: fc.constant('Always'),
      dnsPolicy: often(fc.constant('ClusterFirst'), fc.constant('Bogus')),
      terminationGracePeriodSeconds: often(fc.constant(30), fc.constant(undefined)),
      serviceAccountName: often(fc.constant('default'), name),
      nodeSelector: fc.constantFrom({ 'beta.kubernetes.io/arch': 'amd64' }, { 'kubernetes.io/os': 'linux' }),
    },
    { requiredKeys: ['containers', 'restartPolicy', 'dnsPolicy', 'terminationGracePeriodSeconds'] },
  );
});

/** `s` with every volume name (unless `volumes` is false), and every mount's (unless `mounts` is false), renamed by `to`. */
function renamed(s: Record<string, any>, to: (n: string) => string, volumes = true, mounts = true): Record<string, any> {
  const copy = structuredClone(s);
  if (volumes) for (const v of copy.volumes ?? []) v.name = to(v.name);
  if (mounts) for (const c of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) for (const m of c.volumeMounts ?? []) m.name = to(m.name);
  return copy;
}
const RENAMES: ((n: string) => string)[] = [(n) => n, (n) => (n === 'kube-api-access-abcde' ? 'kube-api-access-zzzzz' : n === 'kube-api-access-zzzzz' ? 'kube-api-access-abcde' : n), (n) => `${n}x`, () => 'data', (n) => n.toUpperCase()];

test('validatePodSpec through the memo gives what it gives without one, call after call (property)', (t) => {
  let clean = 0;
  fc.assert(
    fc.property(fc.array(spec, { minLength: 1, maxLength: 5 }), fc.boolean(), (specs, isPod) => {
      const memo = new CleanSpecs();
      const path = isPod ? FieldPath.root('spec') : FieldPath.root('spec', 'template', 'spec');
      const calls = [...specs, ...specs.flatMap((s) => RENAMES.flatMap((r) => [renamed(s, r), renamed(s, r, false), renamed(s, r, true, false)]))];
      return calls.every((s) => {
        const want = validatePodSpec(s, path, isPod, null);
        if (want.length === 0) clean++;
        return JSON.stringify(validatePodSpec(s, path, isPod, memo)) === JSON.stringify(want);
      });
    }),
    { numRuns: 200 },
  );
  // Enough of the specs drawn are clean for the memo to answer many of the calls.
  t.true(clean > 200, `${clean} clean`);
});

test('a spec is known again only with its volumes renamed one-to-one to valid names, at the path it was validated at', (t) => {
  const clean = { containers: [{ name: 'c', image: 'nginx', terminationMessagePolicy: 'File', imagePullPolicy: 'Always', volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/a' }] }], volumes: [{ name: 'kube-api-access-abcde', emptyDir: {} }, { name: 'data', emptyDir: {} }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 };
  const copy = structuredClone(clean);
  t.true(renamedSpec(renamed(clean, (n) => (n === 'data' ? 'other' : 'kube-api-access-zzzzz')), copy));
  t.false(renamedSpec(renamed(clean, () => 'data'), copy), 'two volumes of one name');
  t.false(renamedSpec(renamed(clean, (n) => n.toUpperCase()), copy), 'not DNS labels');
  const mountsOther = structuredClone(clean);
  mountsOther.containers[0]!.volumeMounts[0]!.name = 'data';
  t.false(renamedSpec(mountsOther, copy), 'a mount of another volume');
  t.false(renamedSpec({ ...clean, terminationGracePeriodSeconds: -0 }, { ...copy, terminationGracePeriodSeconds: 0 }), '-0 is not 0');
  const memo = new CleanSpecs();
  memo.clean(clean, 'pod spec');
  t.true(memo.known(renamed(clean, (n) => `${n}x`), 'pod spec'));
  t.false(memo.known(clean, 'template spec.template.spec'));
  clean.dnsPolicy = 'Bogus';
  t.false(memo.known(clean, 'pod spec'), 'the memo holds a copy, not the spec it was given');
});

