// npm start: runs the supervision demo, prints its supervisor tree and where its trace went.

import { resolve } from 'node:path';
import { renderTree } from '../runtime/system/index.ts';
import { builtin } from './builtin/index.ts';
import { describeResult } from './cli/run-command.ts';
import { runScenario } from './runner.ts';

const traceFile = resolve('supervision-demo.trace');
const result = await runScenario(builtin('supervision-demo')!, { seed: 1, traceFile });
console.log(describeResult(result));
console.log('\nthe supervisor tree at the end of the run:\n');
console.log(renderTree(result.tree));
console.log(`\nreplay it, event for event:  npx kyb replay ${traceFile}`);
console.log(`see what happened:           npx kyb trace ${traceFile} --type crash,restart`);
process.exitCode = result.ok ? 0 : 1;
