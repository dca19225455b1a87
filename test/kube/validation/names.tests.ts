import test from 'ava';
import fc from 'fast-check';
import { formatFieldError } from '../../../protocols/kube/field-errors.ts';
import {
  TOTAL_ANNOTATION_SIZE_LIMIT_B,
  generateName,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  maxLenError,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  utf8Length,
  validateAnnotations,
  validateObjectName,
} from '../../../protocols/kube/validation/index.ts';

// Messages written out in full, as apimachinery prints them, so a change of wording fails here.
const LABEL_1123 =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

type Table = readonly (readonly [string, readonly string[]])[];

function table(name: string, fn: (v: string) => string[], cases: Table) {
  test(name, (t) => {
    for (const [value, errors] of cases) t.deepEqual(fn(value), [...errors], JSON.stringify(value));
  });
}

table('isDNS1123Label', isDNS1123Label, [
  ['a', []],
  ['ab', []],
  ['abc', []],
  ['a1', []],
  ['a-1', []],
  ['a--1--2--b', []],
  ['0', []],
  ['01', []],
  ['012', []],
  ['1a', []],
  ['1-a', []],
  ['1--a--b--2', []],
  ['a'.repeat(63), []],
  ['', [LABEL_1123]],
  ['A', [LABEL_1123]],
  ['ABC', [LABEL_1123]],
  ['aBc', [LABEL_1123]],
  ['A1', [LABEL_1123]],
  ['A-1', [LABEL_1123]],
  ['1-A', [LABEL_1123]],
  ['-', [LABEL_1123]],
  ['a-', [LABEL_1123]],
  ['-a', [LABEL_1123]],
  ['1-', [LABEL_1123]],
  ['-1', [LABEL_1123]],
  ['_', [LABEL_1123]],
  ['a_', [LABEL_1123]],
  ['a b', [LABEL_1123]],
  ['1 2', [LABEL_1123]],
  // A valid subdomain that is not a label fails on its dots alone.
  ['a.b', ['must not contain dots']],
  ['a'.repeat(64), ['must be no more than 63 characters']],
  [`${'a'.repeat(60)}.bcd`, ['must be no more than 63 characters', 'must not contain dots']],
]);

table('isDNS1123Subdomain', isDNS1123Subdomain, [
  ['a', []],
  ['a.b.c.d.e', []],
  ['aaa.bbb.ccc', []],
  ['1.2.3.4', []],
  ['11.22.33.44.55', []],
  ['a-1.b-2.c-3', []],
  ['0.a.0.a', []],
  ['a'.repeat(253), []],
  ['', [SUBDOMAIN_1123]],
  ['A', [SUBDOMAIN_1123]],
  ['a..b', [SUBDOMAIN_1123]],
  ['a.', [SUBDOMAIN_1123]],
  ['.a', [SUBDOMAIN_1123]],
  ['a.-b', [SUBDOMAIN_1123]],
  ['a_b.c', [SUBDOMAIN_1123]],
  ['a@b', [SUBDOMAIN_1123]],
  ['a'.repeat(254), ['must be no more than 253 characters']],
]);

table('isDNS1035Label', isDNS1035Label, [
  ['a', []],
  ['ab', []],
  ['a1', []],
  ['a-1', []],
  ['a--1--2--b', []],
  ['a'.repeat(63), []],
  ['0', [LABEL_1035]],
  ['01', [LABEL_1035]],
  ['1a', [LABEL_1035]],
  ['1-a', [LABEL_1035]],
  ['', [LABEL_1035]],
  ['A', [LABEL_1035]],
  ['a-', [LABEL_1035]],
  ['-a', [LABEL_1035]],
  ['a.b', [LABEL_1035]],
  ['a'.repeat(64), ['must be no more than 63 characters']],
]);

table('isQualifiedName: label and annotation keys', isQualifiedName, [
  ['simple', []],
  ['now-with-dashes', []],
  ['1-starts-with-num', []],
  ['1234', []],
  ['simple/simple', []],
  ['now-with-dashes/simple', []],
  ['now.with.dots/simple', []],
  ['1-num.2-num/3-num', []],
  ['1234/5678', []],
  ['1.2.3.4/5678', []],
  ['Uppercase_Is_OK_123', []],
  ['example.com/Uppercase_Is_OK_123', []],
  ['requests.storage-foo', []],
  ['a'.repeat(63), []],
  [`${'a'.repeat(253)}/${'b'.repeat(63)}`, []],
  ['nospecialchars%^=@', [NAME_PART]],
  ['cantendwithadash-', [NAME_PART]],
  ['-cantstartwithadash-', [NAME_PART]],
  ['', ['name part must be non-empty', NAME_PART]],
  ['example.com/', ['name part must be non-empty', NAME_PART]],
  ['/simple', ['prefix part must be non-empty']],
  ['Example.com/abc', [`prefix part ${SUBDOMAIN_1123}`]],
  ['example_com/abc', [`prefix part ${SUBDOMAIN_1123}`]],
  [
    'only/one/slash',
    [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
  ],
  ['a'.repeat(64), ['name part must be no more than 63 characters']],
  [`${'a'.repeat(254)}/abc`, ['prefix part must be no more than 253 characters']],
]);

table('isValidLabelValue', isValidLabelValue, [
  ['simple', []],
  ['now-with-dashes', []],
  ['1-starts-with-num', []],
  ['end-with-num-1', []],
  ['1234', []],
  ['a'.repeat(63), []],
  ['', []],
  ['nospecialchars%^=@', [LABEL_VALUE]],
  ['Tama-nui-te-rā.is.Māori.sun', [LABEL_VALUE]],
  ['\\backslashes\\are\\bad', [LABEL_VALUE]],
  ['-starts-with-dash', [LABEL_VALUE]],
  ['ends-with-dash-', [LABEL_VALUE]],
  ['.starts.with.dot', [LABEL_VALUE]],
  ['ends.with.dot.', [LABEL_VALUE]],
  ['a'.repeat(64), ['must be no more than 63 characters']],
  // Length is in UTF-8 bytes, as Go's len(): 32 two-byte characters are 64 bytes.
  ['é'.repeat(32), ['must be no more than 63 characters', LABEL_VALUE]],
]);

test('isValidPortNum: 1 to 65535 inclusive', (t) => {
  for (const p of [1, 80, 8080, 65535]) t.deepEqual(isValidPortNum(p), [], String(p));
  for (const p of [0, -1, 65536, 1.5, Number.NaN]) t.deepEqual(isValidPortNum(p), ['must be between 1 and 65535, inclusive'], String(p));
});

table('isValidPortName: IANA service names', isValidPortName, [
  ['telnet', []],
  ['re-mail-ck', []],
  ['pop3', []],
  ['a', []],
  ['a-1', []],
  ['1-a', []],
  ['a-1-b-2-c', []],
  ['1-a-2-b-3', []],
  ['a'.repeat(15), []],
  ['longerthan15characters', ['must be no more than 15 characters']],
  ['', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
  ['12345', ['must contain at least one letter (a-z)']],
  ['1-2', ['must contain at least one letter (a-z)']],
  ['-begin', ['must not begin or end with a hyphen']],
  ['end-', ['must not begin or end with a hyphen']],
  ['two--hyphens', ['must not contain consecutive hyphens']],
  ['whois++', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ['HTTP', ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']],
]);

test('maskTrailingDash replaces the last two characters, as Kubernetes does', (t) => {
  t.is(maskTrailingDash('web-'), 'wea');
  t.is(maskTrailingDash('ab-'), 'aa');
  t.is(maskTrailingDash('-'), '-');
  t.is(maskTrailingDash('web'), 'web');
});

test('validateObjectName: generateName may end in a dash, a name may not; a name is required', (t) => {
  const f = (meta: { name?: string; generateName?: string }) => validateObjectName(meta, nameIsDNSSubdomain).map(formatFieldError);
  t.deepEqual(f({ name: 'web-abcde', generateName: 'web-' }), []);
  t.deepEqual(f({ generateName: 'web-' }), ['metadata.name: Required value: name or generateName is required']);
  t.deepEqual(f({ name: 'web-' }), [`metadata.name: Invalid value: "web-": ${SUBDOMAIN_1123}`]);
  t.deepEqual(f({ name: 'x', generateName: 'Web-' }), [`metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_1123}`]);
  t.deepEqual(
    validateObjectName({ name: 'a.b' }, nameIsDNSLabel, 'x.metadata').map(formatFieldError),
    ['x.metadata.name: Invalid value: "a.b": must not contain dots'],
  );
});

test('generateName: base cut to 58 characters, five letters from the generator alphabet', (t) => {
  let i = 0;
  const picks = [0, 26, 1, 25, 2];
  t.is(generateName('web-', () => picks[i++]!), 'web-b9c8d');
  const long = generateName('a'.repeat(70), () => 0);
  t.is(long, `${'a'.repeat(58)}bbbbb`);
  t.deepEqual(isDNS1123Label(long), []);
});

test('validateAnnotations: keys are qualified names without case; 256 KiB in total', (t) => {
  const f = (a: Record<string, string>) => validateAnnotations(a).map(formatFieldError);
  t.deepEqual(f({ 'Example.com/Key': 'anything at all, even spaces', simple: '' }), []);
  t.deepEqual(f({ 'a/b/c': 'x' }), [
    `metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
  ]);
  t.deepEqual(f({ a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B - 1) }), []);
  t.deepEqual(f({ a: 'x'.repeat(TOTAL_ANNOTATION_SIZE_LIMIT_B) }), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

// The validators answer a value their pattern admits, at most as long as allowed, without
// counting its UTF-8 bytes: these are the checks written out whole, as they were before.
const PAT_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PAT_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const RE_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RE_LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const written = (max: number, re: RegExp, regexMessage: string) => (v: string): string[] => [
  ...(utf8Length(v) > max ? [maxLenError(max)] : []),
  ...(re.test(v) ? [] : [regexMessage]),
];
const reference: readonly [string, (v: string) => string[], (v: string) => string[]][] = [
  ['isDNS1123Label', isDNS1123Label, (v) => [...(utf8Length(v) > 63 ? [maxLenError(63)] : []), ...(PAT_LABEL.test(v) ? [] : PAT_SUBDOMAIN.test(v) ? ['must not contain dots'] : [isDNS1123Label('-')[0]!])]],
  ['isDNS1123Subdomain', isDNS1123Subdomain, written(253, PAT_SUBDOMAIN, isDNS1123Subdomain('-')[0]!)],
  ['isDNS1035Label', isDNS1035Label, written(63, RE_1035, isDNS1035Label('-')[0]!)],
  ['isValidLabelValue', isValidLabelValue, written(63, RE_LABEL_VALUE, isValidLabelValue('-')[0]!)],
];

test('the name validators give what their checks written out whole give, at and around each length limit (property)', (t) => {
  // Strings of the patterns' alphabets (so that long valid values are drawn), around 63 and 253 characters, and anything.
  const piece = fc.constantFrom('a', 'z', '0', '9', '-', '.', 'A', '_', 'é', '😀');
  const near = (n: number) => fc.integer({ min: n - 3, max: n + 3 }).chain((len) => fc.array(fc.constantFrom('a', 'b', '0', '-'), { minLength: len, maxLength: len }).map((a) => `x${a.join('').slice(1, -1)}x`));
  const value = fc.oneof(fc.array(piece, { maxLength: 70 }).map((a) => a.join('')), near(63), near(64), near(253), fc.string(), fc.constant(''));
  let valid = 0;
  fc.assert(
    fc.property(value, (v) => {
      for (const [, fn, ref] of reference) {
        const got = fn(v);
        if (got.length === 0) valid++;
        if (JSON.stringify(got) !== JSON.stringify(ref(v))) return false;
      }
      return true;
    }),
    { numRuns: 1500 },
  );
  t.true(valid > 500, `${valid} valid`);
  // Exactly at the limit passes; one over does not, also for a value of many UTF-8 bytes.
  t.deepEqual(isDNS1123Label('a'.repeat(63)), []);
  t.deepEqual(isDNS1123Label('a'.repeat(64)), [maxLenError(63)]);
  t.deepEqual(isValidLabelValue('a'.repeat(64)), [maxLenError(63)]);
  t.is(isValidLabelValue('é'.repeat(32)).length, 2);
});
