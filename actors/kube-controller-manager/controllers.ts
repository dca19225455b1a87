// The controllers kube-controller-manager starts when it leads, in start order: each a
// ControllerDef (context.ts) whose name is its service account's.

import type { AnyControllerDef } from './context.ts';
import { rootCAPublisher } from './root-ca-publisher.ts';

export const CONTROLLERS: readonly AnyControllerDef[] = [rootCAPublisher];
