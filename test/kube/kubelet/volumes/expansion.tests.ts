// $(VAR) expansion with the cases of Kubernetes' expansion_test, and a property against a
// one-regex oracle over strings built from the characters that matter.

import test from 'ava';
import fc from 'fast-check';
import { expand, mappingFor } from '../../../../actors/kubelet/volumes/expansion.ts';

const vars = new Map([
  ['VAR_A', 'A'],
  ['VAR_B', 'B'],
  ['VAR_C', 'C'],
  ['VAR_REF', '$(VAR_A)'],
  ['VAR_EMPTY', ''],
]);
const mapping = mappingFor(vars);

const CASES: [string, string][] = [
  ['$(VAR_A)', 'A'],
  ['___$(VAR_B)___', '___B___'],
  ['$(VAR_A)-1', 'A-1'],
  ['$(VAR_A)_$(VAR_B)', 'A_B'],
  ['$(VAR_A)_$(VAR_B)_$(VAR_C)', 'A_B_C'],
  ['$(VAR_A)$(VAR_B)$(VAR_C)', 'ABC'],
  ['foo$(VAR_EMPTY)bar', 'foobar'],
  ['$(VAR_REF)', '$(VAR_A)'],
  ['foo$(VAR_A', 'foo$(VAR_A'],
  ['$(VAR_DNE)', '$(VAR_DNE)'],
  ['$$(VAR_B)_$(VAR_A)', '$(VAR_B)_A'],
  ['$$$(VAR_A)', '$A'],
  ['$$$$$$(BIG_MONEY)', '$$$(BIG_MONEY)'],
  ['$$$$$$(VAR_A)', '$$$(VAR_A)'],
  ['$$', '$'],
  ['$', '$'],
  ['$$$', '$$'],
  ['$VAR_A', '$VAR_A'],
  ['$(', '$('],
  ['$()', '$()'],
  ['f000-$$VAR_A', 'f000-$VAR_A'],
  ['$(VAR_$(VAR_A))', '$(VAR_$(VAR_A))'],
  ['$($(VAR_A))', '$($(VAR_A))'],
  ['$(VAR_A)$', 'A$'],
  ['(VAR_A)', '(VAR_A)'],
];

test('expansion_test cases', (t) => {
  for (const [input, want] of CASES) t.is(expand(input, mapping), want, input);
});

test('earlier contexts win; unknown names keep their form', (t) => {
  const m = mappingFor(new Map([['X', '1']]), new Map([['X', '2'], ['Y', '3']]));
  t.is(expand('$(X)$(Y)$(Z)', m), '13$(Z)');
});

const oracle = (s: string): string => s.replace(/\$\$|\$\(([^)]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : (vars.get(name!) ?? m)));

test('property: agrees with a regex oracle', (t) => {
  const piece = fc.constantFrom('$', '(', ')', 'VAR_A', 'VAR_B', 'x', '$(', '$$', 'VAR_REF', ' ');
  fc.assert(fc.property(fc.array(piece, { maxLength: 16 }), (parts) => expand(parts.join(''), mapping) === oracle(parts.join(''))), { numRuns: 2000 });
  t.pass();
});
