// Label selectors as k8s.io/apimachinery/pkg/labels has them: requirements ANDed together, the
// string grammar that ?labelSelector= and kubectl -l use, and the canonical string a selector
// prints as. A selector is plain data so that it can ride in messages.

import { type FieldError, FieldPath, type PathLike, fieldError, formatFieldError, formatFieldErrors } from '../field-errors.ts';
import { isQualifiedName, isValidLabelValue } from './names.ts';

/** selection.Operator's values; `!` is DoesNotExist, as Kubernetes spells it. */
export type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** As given: the parser hands over a sorted, duplicate-free set; LabelSelector objects their list. */
  readonly values: readonly string[];
}

/**
 * `requirements` with none matches every label set (labels.Everything()); `nothing` matches no
 * label set at all (labels.Nothing()), which is what a nil LabelSelector object turns into.
 */
export type LabelSelector = { readonly type: 'requirements'; readonly requirements: readonly Requirement[] } | { readonly type: 'nothing' };

export type Labels = Readonly<Record<string, string>>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const VALID_OPERATORS: readonly Operator[] = [...BINARY_OPERATORS, 'exists', '!'];

export const everything = (): LabelSelector => ({ type: 'requirements', requirements: [] });
export const nothing = (): LabelSelector => ({ type: 'nothing' });

/** Go's strconv.ParseInt(s, 10, 64): an optional sign, decimal digits, within int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

function validateLabelKey(k: string, path: PathLike): FieldError | undefined {
  const errs = isQualifiedName(k);
  return errs.length === 0 ? undefined : fieldError.invalid(path, k, errs.join('; '));
}

/**
 * labels.NewRequirement: the rules each operator puts on its values, the key's syntax and each
 * value's syntax. The error is the aggregate of every broken rule, as Kubernetes reports it.
 */
export function newRequirement(k: string, operator: string, values: readonly string[], path: PathLike = FieldPath.none): Parsed<Requirement> {
  const at = FieldPath.of(path);
  const errs: FieldError[] = [];
  const keyErr = validateLabelKey(k, at.child('key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = at.child('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(fieldError.invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(fieldError.invalid(valuePath, values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(fieldError.invalid(valuePath, values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(fieldError.invalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(fieldError.invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(fieldError.notSupported(at.child('operator'), operator, VALID_OPERATORS));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length !== 0) errs.push(fieldError.invalid(valuePath.index(i).key(k), v, msgs.join('; ')));
  });
  if (errs.length !== 0) return { ok: false, error: formatFieldErrors(errs) };
  return { ok: true, value: { key: k, operator: operator as Operator, values: [...values] } };
}

/** Requirement.Matches. NotIn and != match a label set without the key; Gt/Lt need an integer value. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || r.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(r.values[0]!);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

export function matchesLabels(selector: LabelSelector, labels: Labels): boolean {
  if (selector.type === 'nothing') return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

/** Whether the selector restricts nothing; Nothing is not empty. */
export const isEmptySelector = (selector: LabelSelector): boolean => selector.type === 'requirements' && selector.requirements.length === 0;

const OPERATOR_TEXT: Record<Operator, string> = { '=': '=', '==': '==', '!=': '!=', in: ' in ', notin: ' notin ', gt: '>', lt: '<', exists: '', '!': '' };

/** Requirement.String(): values sorted on output only; `!key` for DoesNotExist. */
export function requirementString(r: Requirement): string {
  const head = `${r.operator === '!' ? '!' : ''}${r.key}${OPERATOR_TEXT[r.operator]}`;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const values = r.values.length === 1 ? r.values[0]! : [...r.values].sort(compareBytes).join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${head}(${values})` : head + values;
}

/** Selector.String(); Nothing prints as "" just as Everything does, so the string alone loses it. */
export function selectorString(selector: LabelSelector): string {
  return selector.type === 'nothing' ? '' : selector.requirements.map(requirementString).join(',');
}

/** Go compares strings bytewise; for the ASCII of valid keys and values UTF-16 order is the same. */
export const compareBytes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Selector.Add: requirements kept sorted by key so the string is canonical. A stable sort, so two
 * requirements on one key keep their order (Go's sort.Sort is stable only for short lists).
 */
export function selectorOf(requirements: readonly Requirement[]): LabelSelector {
  return { type: 'requirements', requirements: [...requirements].sort((a, b) => compareBytes(a.key, b.key)) };
}

/** labels.SelectorFromSet: key=value for each entry; no validation, as Kubernetes does not validate it either. */
export function selectorFromSet(set: Labels | undefined): LabelSelector {
  return selectorOf(Object.entries(set ?? {}).map(([k, v]) => ({ key: k, operator: '=' as const, values: [v] })));
}

// The lexer and parser follow labels.Parse token for token, because the error a user sees names
// the token where parsing stopped.

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item {
  readonly tok: Token;
  readonly lit: string;
}

const LITERAL_TOKENS: Readonly<Record<string, Token>> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const tokenOf = (s: string): Token | undefined => (Object.hasOwn(LITERAL_TOKENS, s) ? LITERAL_TOKENS[s] : undefined);
const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string): boolean => '=!(),><'.includes(ch);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (isSpecial(s[pos]!)) {
      // The longest run of symbols that is still an operator: "!=" rather than "!" then "=".
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos]!)) {
        buffer += s[pos];
        const tok = tokenOf(buffer);
        if (tok) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
    } else {
      let buffer = '';
      while (pos < s.length && !isSpecial(s[pos]!) && !isWhitespace(s[pos]!)) buffer += s[pos++];
      items.push({ tok: tokenOf(buffer) ?? 'id', lit: buffer });
    }
  }
}

class ParseError {
  constructor(readonly message: string) {}
}

class Parser {
  private position = 0;
  constructor(
    private readonly items: Item[],
    private readonly path: FieldPath,
  ) {}

  /** In value position "in" and "notin" are plain words: `x in (in)` is legal. */
  private look(values: boolean): Item {
    const item = this.items[this.position]!;
    return values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'id', lit: item.lit } : item;
  }

  private take(values: boolean): Item {
    const item = this.look(values);
    this.position++;
    return item;
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === 'end') return requirements;
      if (tok !== 'id' && tok !== '!') throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.requirement());
      } catch (e) {
        if (e instanceof ParseError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.take(true);
      if (next.tok === 'end') return requirements;
      if (next.tok !== ',') throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.look(true);
      if (after.tok !== 'id' && after.tok !== '!') throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let { tok, lit } = this.take(true);
    let operator: Operator | undefined;
    if (tok === '!') {
      operator = '!';
      ({ tok, lit } = this.take(true));
    }
    if (tok !== 'id') throw new ParseError(`found '${lit}', expected: identifier`);
    const keyErr = validateLabelKey(lit, this.path);
    if (keyErr) throw new ParseError(formatFieldError(keyErr));
    const k = lit;
    const ahead = this.look(true).tok;
    if (ahead === 'end' || ahead === ',') operator ??= 'exists';
    // "!a=b" ends its requirement at "!a", so the error names the '=' after it, as Kubernetes' does.
    if (operator !== undefined) return this.build(k, operator, []);
    const op = this.operator();
    const values = op === 'in' || op === 'notin' ? this.setValues() : this.exactValue();
    return this.build(k, op, [...values].sort(compareBytes));
  }

  private build(k: string, op: Operator, values: string[]): Requirement {
    const r = newRequirement(k, op, values, this.path);
    if (!r.ok) throw new ParseError(r.error);
    return r.value;
  }

  private operator(): Operator {
    const { tok, lit } = this.take(false);
    switch (tok) {
      case 'in':
        return 'in';
      case 'notin':
        return 'notin';
      case '=':
        return '=';
      case '==':
        return '==';
      case '!=':
        return '!=';
      case '>':
        return 'gt';
      case '<':
        return 'lt';
      default:
        throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS.join(', ')}`);
    }
  }

  private setValues(): Set<string> {
    const open = this.take(true);
    if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.look(true);
    if (tok === ')') {
      this.take(true);
      return new Set(['']);
    }
    if (tok !== 'id' && tok !== ',') throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
    const s = this.identifiers();
    if (this.take(true).tok !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
    return s;
  }

  /** A list in which an empty place between commas is the empty value: "(,a)" is {"", "a"}. */
  private identifiers(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.take(true);
      if (tok === 'id') {
        s.add(lit);
        const next = this.look(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return s;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== ',') throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      if (s.size === 0) s.add('');
      const next = this.look(true).tok;
      if (next === ')') {
        s.add('');
        return s;
      }
      if (next === ',') s.add('');
    }
  }

  private exactValue(): Set<string> {
    const ahead = this.look(true).tok;
    if (ahead === 'end' || ahead === ',') return new Set(['']);
    const { tok, lit } = this.take(true);
    if (tok === 'id') return new Set([lit]);
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * labels.Parse: the selector a string describes, requirements sorted by key, or Kubernetes' error
 * for it. "" parses to Everything. `path` prefixes field errors, as field.WithPath does.
 */
export function parseLabelSelector(s: string, path: PathLike = FieldPath.none): Parsed<LabelSelector> {
  try {
    return { ok: true, value: selectorOf(new Parser(lex(s), FieldPath.of(path)).parse()) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}
