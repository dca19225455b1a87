import test from 'ava';
import fc from 'fast-check';
import { base64Error } from '../../../../actors/kube-apiserver/schema/go-base64.ts';

// Go's encoding/base64 TestDecodeCorrupt table: the offsets of CorruptInputError.
test('malformed base64 reported at Go\'s byte offsets', (t) => {
  const cases: [string, number | undefined][] = [
    ['', undefined],
    ['\n', undefined],
    ['AAA=\n', undefined],
    ['AAAA\n', undefined],
    ['!!!!', 0],
    ['====', 0],
    ['x===', 1],
    ['=AAA', 0],
    ['A=AA', 1],
    ['AA=A', 2],
    ['AA==A', 4],
    ['AAA=AAAA', 4],
    ['AAAAA', 4],
    ['AAAAAA', 4],
    ['A=', 1],
    ['A==', 1],
    ['AA=', 3],
    ['AA==', undefined],
    ['AAA=', undefined],
    ['AAAA', undefined],
    ['AAAAAA=', 7],
    ['YWJjZA=====', 8],
    ['A!\n', 1],
    ['A=\n', 1],
  ];
  for (const [input, at] of cases) t.is(base64Error(input), at === undefined ? undefined : `illegal base64 data at input byte ${at}`, JSON.stringify(input));
});

test('property: what Buffer encodes decodes', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
      t.is(base64Error(Buffer.from(bytes).toString('base64')), undefined);
    }),
  );
});
