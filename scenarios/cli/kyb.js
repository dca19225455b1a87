#!/usr/bin/env node
// The kyb command: TypeScript run through tsx, so the project needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
