// The heavy built-ins (same-seed.ts: HEAVY, less CHAOS_ONLY) run twice on one seed: byte-identical traces.

import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtins } from '../../scenarios/builtin/index.ts';
import { CHAOS_ONLY, HEAVY, sameSeedTest } from './same-seed.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-det-heavy-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

for (const def of builtins.filter((d) => HEAVY.has(d.name) && !CHAOS_ONLY.has(d.name))) sameSeedTest(def, (name) => join(dir, name));
