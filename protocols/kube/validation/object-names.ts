// metadata.name and metadata.generateName, as ValidateObjectMeta and the registry's
// BeforeCreate treat them (k8s.io/apimachinery/pkg/api/validation, apiserver's names package).

import { type FieldError, FieldPath, type PathLike, fieldError } from '../field-errors.ts';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.ts';

/** A kind's name rule; `prefix` is true for a generateName, which may end in '-'. */
export type NameValidator = (name: string, prefix: boolean) => string[];

/**
 * Lets a generateName end in '-' by standing in a letter for it. Kubernetes replaces the last
 * two characters, not one ("ab-" is checked as "aa"); kept, since it decides which prefixes pass.
 */
export function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

export const nameIsDNSSubdomain: NameValidator = (name, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: NameValidator = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: NameValidator = (name, prefix) => isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** The letters names.SimpleNameGenerator draws from: no vowels, so no words, and no 0/1/3 lookalikes. */
export const GENERATED_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
export const GENERATED_SUFFIX_LENGTH = 5;
const MAX_NAME_LENGTH = 63;

/**
 * A name from a generateName: the base cut to 58 characters plus five random letters, so the
 * result fits a DNS label. `pick(n)` returns an integer in [0, n) from the caller's seeded Rng.
 */
export function generateName(base: string, pick: (n: number) => number): string {
  const cut = base.length > MAX_NAME_LENGTH - GENERATED_SUFFIX_LENGTH ? base.slice(0, MAX_NAME_LENGTH - GENERATED_SUFFIX_LENGTH) : base;
  let suffix = '';
  for (let i = 0; i < GENERATED_SUFFIX_LENGTH; i++) suffix += GENERATED_SUFFIX_ALPHABET[pick(GENERATED_SUFFIX_ALPHABET.length)];
  return cut + suffix;
}

/**
 * ValidateObjectMeta's name checks. The apiserver generates the name before validating, so a
 * name is required even when a generateName was given: an empty name here is a bug or a client
 * that sent neither.
 */
export function validateObjectName(meta: { readonly name?: string; readonly generateName?: string }, nameFn: NameValidator, path: PathLike = 'metadata'): FieldError[] {
  const at = FieldPath.of(path);
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  if (generateName.length !== 0) for (const msg of nameFn(generateName, true)) errs.push(fieldError.invalid(at.child('generateName'), generateName, msg));
  const name = meta.name ?? '';
  if (name.length === 0) errs.push(fieldError.required(at.child('name'), 'name or generateName is required'));
  else for (const msg of nameFn(name, false)) errs.push(fieldError.invalid(at.child('name'), name, msg));
  return errs;
}
