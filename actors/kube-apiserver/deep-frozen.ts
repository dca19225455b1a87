// Values one replica shares among many objects or requests (a FieldsV1 of objects created alike,
// the token volume's projection, a token row's user) are frozen through and through, so that a
// write in place fails where it is made instead of changing what every sharer sees.

/** `v` and everything below it frozen; `v` itself returned. */
export function deepFrozen<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFrozen(x);
    Object.freeze(v);
  }
  return v;
}
