// Strategies of the other built-in kinds (namespaces, nodes, services, config, RBAC, storage,
// coordination, discovery, CRDs), keyed `<group>/<resource>`.

import type { Strategy } from '../types.ts';
import { serviceStrategy } from './service/index.ts';

export const CORE_STRATEGIES: Readonly<Record<string, Strategy>> = {
  '/services': serviceStrategy,
};
