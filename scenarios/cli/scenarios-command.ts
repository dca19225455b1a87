// kyb scenarios [--json]

import { builtins } from '../builtin/index.ts';

export function scenariosCommand(flags: { json?: boolean }): number {
  const list = builtins.map((s) => ({ name: s.name, description: s.description }));
  if (flags.json) console.log(JSON.stringify(list));
  else {
    const width = Math.max(...list.map((s) => s.name.length));
    for (const s of list) console.log(`${s.name.padEnd(width)}  ${s.description}`);
  }
  return 0;
}
