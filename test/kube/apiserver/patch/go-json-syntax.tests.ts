import test from 'ava';
import fc from 'fast-check';
import { goJsonSyntaxError } from '../../../../actors/kube-apiserver/patch/go-json-syntax.ts';

// Go's encoding/json scanner messages for each place a body can go wrong.
test('syntax errors worded as Go\'s encoding/json words them', (t) => {
  const cases: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['tru', 'unexpected end of JSON input'],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['nul', 'unexpected end of JSON input'],
    ['fals3', "invalid character '3' in literal false (expecting 'e')"],
    ['-x', "invalid character 'x' in numeric literal"],
    ['1.x', "invalid character 'x' after decimal point in numeric literal"],
    ['1ex', "invalid character 'x' in exponent of numeric literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"a\nb"', "invalid character '\\n' in string literal"],
    ["'a'", "invalid character '\\'' looking for beginning of value"],
    ['op: add', "invalid character 'o' looking for beginning of value"],
  ];
  for (const [input, want] of cases) t.is(goJsonSyntaxError(input), want, JSON.stringify(input));
});

test('property: whatever JSON.stringify writes is valid', (t) => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      t.is(goJsonSyntaxError(JSON.stringify(v, null, 1)), undefined);
    }),
  );
});

test('property: the checker and JSON.parse agree on what is JSON', (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.json(), fc.string({ maxLength: 12 }), fc.json().map((s) => s.slice(0, -1))), (s) => {
      let parses = true;
      try {
        JSON.parse(s);
      } catch {
        parses = false;
      }
      t.is(goJsonSyntaxError(s) === undefined, parses, s);
    }),
  );
});
