// Name and syntax validators with apimachinery's messages (k8s.io/apimachinery/pkg/util/validation
// and api/validate/content). Each returns the list of what is wrong, empty when the value is
// valid, as IsDNS1123Label(value) []string does, so callers can wrap each message in a field
// error at their own path.

import { emptyError, inclusiveRangeError, maxLenError, regexError, utf8Length } from './messages.ts';

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const DNS1035_LABEL_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;

const whole = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const dns1123Label = whole(DNS1123_LABEL_FMT);
const dns1123Subdomain = whole(DNS1123_SUBDOMAIN_FMT);
const dns1035Label = whole(DNS1035_LABEL_FMT);
const qualifiedName = whole(QUALIFIED_NAME_FMT);
const labelValue = whole(LABEL_VALUE_FMT);

/** A DNS label (RFC 1123): a namespace's, a Service's or a container's name. */
export function isDNS1123Label(value: string): string[] {
  // The pattern admits ASCII alone, so a value it admits is as many UTF-8 bytes long as it has
  // characters: a valid value (every name of every write) is told by the pattern and its length.
  const matches = dns1123Label.test(value);
  if (matches && value.length <= DNS1123_LABEL_MAX_LENGTH) return [];
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!matches) {
    // A value that would pass as a subdomain (length aside) can only be failing on its dots.
    if (dns1123Subdomain.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** A DNS subdomain (RFC 1123): most objects' names, and label-key prefixes. */
export function isDNS1123Subdomain(value: string): string[] {
  // As isDNS1123Label: the pattern admits ASCII alone.
  const matches = dns1123Subdomain.test(value);
  if (matches && value.length <= DNS1123_SUBDOMAIN_MAX_LENGTH) return [];
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!matches) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** A DNS label (RFC 1035), which must start with a letter: Service names, port-less DNS names. */
export function isDNS1035Label(value: string): string[] {
  // As isDNS1123Label: the pattern admits ASCII alone.
  const matches = dns1035Label.test(value);
  if (matches && value.length <= DNS1035_LABEL_MAX_LENGTH) return [];
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!matches) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/**
 * A qualified name: a label or annotation key, an optional DNS-subdomain prefix and '/', then a
 * name part of at most 63 characters that may hold upper case, '_' and '.'.
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  // Split at the one '/' there may be, without the list split() makes: every label key of every
  // write comes here.
  const slash = value.indexOf('/');
  let name: string;
  if (slash < 0) name = value;
  else if (value.indexOf('/', slash + 1) < 0) {
    const prefix = value.slice(0, slash);
    name = value.slice(slash + 1);
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const msg of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (utf8Length(name) > QUALIFIED_NAME_MAX_LENGTH) errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  if (!qualifiedName.test(name)) errs.push(`name part ${regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** A label value: empty, or up to 63 characters of the name part's alphabet. */
export function isValidLabelValue(value: string): string[] {
  // As isDNS1123Label: the pattern admits ASCII alone.
  const matches = labelValue.test(value);
  if (matches && value.length <= LABEL_VALUE_MAX_LENGTH) return [];
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!matches) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** A port number: 0 is not a port here (a Service's targetPort of 0 means "same as port"). */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/**
 * An IANA service name (RFC 6335) for a named port: 1–15 of [-a-z0-9], at least one letter, no
 * "--", no hyphen at either end. Every rule that fails is reported, as apimachinery does.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}
