// Kubernetes' `$(VAR)` expansion of env values, command and args (third_party/forked/golang/
// expansion): `$(NAME)` becomes NAME's value when the mapping knows it and stays as written when
// it does not; `$$` is a literal `$`; a `$` before anything else, a lone trailing `$` and an
// unclosed `$(` are kept. There is no recursion: a value that itself holds `$(X)` is not expanded.

export type Mapping = (name: string) => string;

const wrap = (name: string): string => `$(${name})`;

/** The first map that knows the name wins; unknown names keep their `$(NAME)` form. */
export function mappingFor(...contexts: readonly ReadonlyMap<string, string>[]): Mapping {
  return (name) => {
    for (const vars of contexts) {
      const v = vars.get(name);
      if (v !== undefined) return v;
    }
    return wrap(name);
  };
}

export function expand(input: string, mapping: Mapping): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue;
    out += input.slice(checkpoint, cursor);
    const next = input[cursor + 1];
    let advance = 1;
    if (next === '$') {
      out += '$';
    } else if (next === '(') {
      const close = input.indexOf(')', cursor + 2);
      if (close >= 0) {
        out += mapping(input.slice(cursor + 2, close));
        advance = close - cursor;
      } else {
        out += '$(';
      }
    } else {
      // The operator and the character after it are copied; that character is never an operator.
      out += `$${next}`;
    }
    cursor += advance;
    checkpoint = cursor + 1;
  }
  return out + input.slice(checkpoint);
}
