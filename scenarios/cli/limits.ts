// The run limits' defaults, apart from run-command.ts so that the command line can print them
// without loading what runs scenarios.

import { parseDuration } from '../duration.ts';

export const DEFAULT_MAX_VIRTUAL = '24h';
export const DEFAULT_MAX_WALL = '10m';
export const DEFAULT_MAX_WALL_MS = parseDuration(DEFAULT_MAX_WALL);
