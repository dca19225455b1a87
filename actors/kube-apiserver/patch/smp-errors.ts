// The errors strategic merge patch raises, sorted by how the apiserver answers them: the
// mergepatch format errors as 400 BadRequest, lists of lists as a bare 422, and anything else as a
// plain Go error (500, its text as the message).

import { goTypeName, goValue } from './go-format.ts';

export type SmpErrorClass = 'badRequest' | 'rejected' | 'server';

export class SmpError extends Error {
  constructor(
    readonly errorClass: SmpErrorClass,
    message: string,
  ) {
    super(message);
  }
}

const bad = (m: string) => new SmpError('badRequest', m);

export const ErrBadPatchFormatForPrimitiveList = () => bad('invalid patch format of primitive list');
export const ErrBadPatchFormatForRetainKeys = () => bad('invalid patch format of retainKeys');
export const ErrBadPatchFormatForSetElementOrderList = () => bad('invalid patch format of setElementOrder list');
export const ErrNoListOfLists = () => new SmpError('rejected', 'lists of lists are not supported');
export const serverError = (m: string) => new SmpError('server', m);

export const ErrNoMergeKey = (m: unknown, key: string) => serverError(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
/** `expected a []interface {}, but received a string`: the expected Go type named by the caller. */
export const ErrBadArgType = (expected: 'map[string]interface {}' | '[]interface {}', actual: unknown) =>
  serverError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
export const ErrBadPatchType = (t: unknown, m: unknown) =>
  serverError(`unknown patch type: ${typeof t === 'string' ? t : `%!s(${goTypeName(t)}=${goValue(t)})`} in map: ${goValue(m)}`);
