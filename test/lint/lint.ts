// npm run lint: the house rules (no ambient time, randomness or timers in simulated code) and the
// layers' import rules (no upward or sideways import, no cycle). Exits 1 naming every offence.

import { EXEMPT_FILES, findViolations } from './house-rules.ts';
import { checkImports } from './imports.ts';

const root = process.cwd();
let failed = false;
for (const v of findViolations(root)) {
  console.error(`${v.file}:${v.line}: ${v.what} in simulated code (only ${EXEMPT_FILES.join(', ')} may use it): ${v.text}`);
  failed = true;
}
const { violations, cycles } = checkImports(root);
for (const v of violations) {
  console.error(`${v.file}:${v.line}: import '${v.spec}' breaks the layer rule: ${v.rule}`);
  failed = true;
}
for (const c of cycles) {
  console.error(`import cycle: ${c.join(' → ')}`);
  failed = true;
}
if (failed) process.exit(1);
console.log('lint: no ambient time, randomness or timers in simulated code; imports go down the layers; no import cycle');
