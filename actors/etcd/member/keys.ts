// The typed names that checks and tools read a member's or a client's state by.

import { stateKey } from '../../../runtime/index.ts';
import type { EtcdClientState } from './client.ts';
import type { MemberState } from './member.ts';

export const memberStateKey = stateKey<MemberState>('etcd-member');
export const etcdClientStateKey = stateKey<EtcdClientState>('etcd-client');
