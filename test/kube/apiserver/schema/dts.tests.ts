import test from 'ava';
import { parseDts, resolveModule } from '../../../../actors/kube-apiserver/schema/dts.ts';

test('resolveModule follows relative imports from a module path', (t) => {
  t.is(resolveModule('apps/v1', '../meta/v1'), 'meta/v1');
  t.is(resolveModule('apps/v1', '../runtime'), 'runtime');
  t.is(resolveModule('core/v1', './v2'), 'core/v2');
});

test('parseDts reads imports, interfaces with nested map types, quoted names and aliases', (t) => {
  const f = parseDts('x/v1', [
    'import { ObjectMeta, Time } from "../meta/v1";',
    '/** doc with ; and { braces } */',
    'export interface A {',
    '    /** comment */',
    '    readonly labels?: {',
    '        [name: string]: string;',
    '    };',
    '    "$ref"?: string;',
    '    items: Array<B>;',
    '}',
    'export interface B {',
    '}',
    'export type Q = string;',
  ].join('\n'));
  t.is(f.imports.get('Time'), 'meta/v1');
  t.deepEqual(f.interfaces.get('A'), [['labels', '{ [name: string]: string; }'], ['$ref', 'string'], ['items', 'Array<B>']]);
  t.deepEqual(f.interfaces.get('B'), []);
  t.is(f.aliases.get('Q'), 'string');
});
