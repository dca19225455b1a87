// npm start: the runtime demo.

import { renderTree } from '../runtime/index.ts';
import { runDemo } from './demos/runtime-demo.ts';

const system = await runDemo((line) => console.log(line));
console.log('\nthe supervisor tree after healing:\n');
console.log(renderTree(system.inspect()));
system.shutdown();
