// What the CNI library checks of a call before any plugin code runs: the CNI_* variables each
// operation requires, the container id's and interface name's rules, and the configuration's
// version. Errors carry the spec's codes and the library's texts.

import { CNI_ERRORS, type CniMsg, type CniOp, cniOp } from '../../protocols/kube/cni.ts';

export interface CallError {
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

/** The versions whose result shape this plugin prints. */
export const SUPPORTED_VERSIONS: readonly string[] = ['1.0.0'];

const VALID_ID = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function containerIdError(id: string): CallError | undefined {
  return VALID_ID.test(id) ? undefined : { code: CNI_ERRORS.InvalidEnvironmentVariables, msg: 'invalid characters in containerID', details: id };
}

/** The kernel's rules for an interface name: at most 15 bytes, not . or .., no / : or space. */
export function interfaceNameError(name: string): CallError | undefined {
  const bad = (msg: string, details?: string): CallError => ({ code: CNI_ERRORS.InvalidEnvironmentVariables, msg, ...(details ? { details } : {}) });
  if (name.length > 15) return bad('interface name is too long', 'interface name should be less than 16 characters');
  if (name === '.' || name === '..') return bad('interface name is . or ..');
  if (/[/:\s]/.test(name)) return bad('interface name contains / or : or whitespace characters');
  return undefined;
}

/**
 * The library reads the variables in a fixed order: a value it can check is checked as it is
 * read (the first bad one fails the call at once); missing ones are reported together after.
 */
export function callError(msg: CniMsg, configVersion: string): CallError | undefined {
  const op: CniOp = cniOp(msg);
  const vars: [string, string, boolean, ((v: string) => CallError | undefined) | undefined][] = [
    ['CNI_CONTAINERID', msg.containerId, true, containerIdError],
    ['CNI_NETNS', msg.netns, op !== 'DEL', undefined],
    ['CNI_IFNAME', msg.ifName, true, interfaceNameError],
  ];
  const missing: string[] = [];
  for (const [name, value, required, check] of vars) {
    if (value === '') {
      if (required) missing.push(name);
    } else if (required && check) {
      const e = check(value);
      if (e) return e;
    }
  }
  if (missing.length > 0) return { code: CNI_ERRORS.InvalidEnvironmentVariables, msg: `required env variables [${missing.join(',')}] missing` };
  if (!SUPPORTED_VERSIONS.includes(configVersion)) {
    return {
      code: CNI_ERRORS.IncompatibleCNIVersion,
      msg: 'incompatible CNI versions',
      details: `config is "${configVersion}", plugin supports [${SUPPORTED_VERSIONS.map((v) => `"${v}"`).join(' ')}]`,
    };
  }
  return undefined;
}
