import { podStarts } from '../test/bench/node-bench.ts';
console.log(JSON.stringify(await podStarts()));
