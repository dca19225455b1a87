// The statefulset-controller's Events, worded as StatefulPodControl words them once the apiserver
// has answered: "create Pod web-0 in StatefulSet web successful", "create Claim www-web-0 Pod
// web-0 in StatefulSet web success", their Failed… twins with the error, and nothing for a create
// that found the object already there (a stale cache, not a failure).

import type { ApiCall, ApiResult } from '../../../protocols/kube/api.ts';
import { splitKey } from '../../client/index.ts';
import { type EventMemory, note } from '../history/pending-events.ts';
import { parentAndOrdinal } from './identity.ts';

export type StatefulSetMemory = EventMemory & Record<string, unknown>;

export const statefulSetMemory = (): StatefulSetMemory => ({ events: {}, refs: {} });

const title = (verb: string) => `${verb[0]!.toUpperCase()}${verb.slice(1)}`;

export function statefulSetWritten(key: string, call: ApiCall, result: ApiResult, m: StatefulSetMemory): void {
  const resource = call.target.resource;
  if (call.target.subresource !== undefined || (resource !== 'pods' && resource !== 'persistentvolumeclaims')) return;
  const verb = call.verb;
  if (verb !== 'create' && verb !== 'delete' && verb !== 'update') return;
  if (!result.ok && result.body.reason === 'AlreadyExists' && verb === 'create') return;
  const set = splitKey(key).name;
  const name = call.target.name ?? ('body' in call ? ((call.body as { metadata?: { name?: string } }).metadata?.name ?? '') : '');
  if (resource === 'pods') {
    if (result.ok) note(m, key, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set} successful`);
    else note(m, key, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${name} in StatefulSet ${set} failed error: ${result.body.message}`);
    return;
  }
  if (verb !== 'create') return;
  const pod = `${set}-${parentAndOrdinal(name).ordinal}`;
  if (result.ok) note(m, key, 'Normal', 'SuccessfulCreate', `create Claim ${name} Pod ${pod} in StatefulSet ${set} success`);
  else note(m, key, 'Warning', 'FailedCreate', `create Claim ${name} for Pod ${pod} in StatefulSet ${set} failed error: ${result.body.message}`);
}
