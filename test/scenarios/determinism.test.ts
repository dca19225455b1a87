import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { InspectNode } from '../../runtime/system/index.ts';
import { Simulation } from '../../runtime/kernel/index.ts';
import { TraceReader, treeAt } from '../../runtime/trace/index.ts';
import { builtins } from '../../scenarios/builtin/index.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { HEAVY, sameSeedTest } from './same-seed.ts';
import { ScenarioContext } from '../../scenarios/scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'kyb-det-'));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
/** The heavy built-ins are checked for same-seed determinism alone, in determinism-heavy.test.ts. */
const light = builtins.filter((d) => !HEAVY.has(d.name));

function arrivals(path: string): number[] {
  const r = new TraceReader(path);
  const out = [...r.events()].filter((e) => e.type === 'arrive').map((e) => e.time);
  r.close();
  return out;
}

for (const def of light) {
  sameSeedTest(def, file);
  test(`${def.name}: replay of its trace is identical`, async (t) => {
    await runScenario(def, { seed: 7, traceFile: file(`${def.name}-r`) });
    const expect = new TraceReader(file(`${def.name}-r`));
    const again = await runScenario(def, { seed: expect.header.seed, expect });
    expect.close();
    t.is(again.divergence, null);
  });
}

for (const def of light) {
  test(`${def.name}: another seed gives another run, with other network timings where there is a network`, async (t) => {
    const a = await runScenario(def, { seed: 1, traceFile: file(`${def.name}-s1`) });
    const b = await runScenario(def, { seed: 2, traceFile: file(`${def.name}-s2`) });
    t.true(a.ok && b.ok);
    t.not(a.traceHash, b.traceHash);
    const [x, y] = [arrivals(file(`${def.name}-s1`)), arrivals(file(`${def.name}-s2`))];
    // No network traffic: one host's seed shows in the backoff jitter; a one-member etcd in its election timeout.
    if (def.name === 'supervision-demo') t.is(x.length, 0);
    else t.notDeepEqual(x.slice(0, 10), y.slice(0, 10));
  });
}

test('the tree rebuilt from the trace at any step equals the live tree then', async (t) => {
  const strip = (n: InspectNode): unknown => ({ ...n, description: undefined, children: n.children.map(strip) });
  let compared = 0;
  for (const def of light) {
    const path = file(`${def.name}-tree`);
    const sim = new Simulation({ name: def.name, seed: 3, ...def.config, trace: { file: path } });
    const ctx = new ScenarioContext(sim);
    const snaps: [number, unknown][] = [];
    const advance = ctx.advance.bind(ctx);
    ctx.advance = async (d) => {
      await advance(d);
      snaps.push([sim.events, strip(sim.system.inspect())]);
    };
    def.setup(ctx);
    await sim.advance(0);
    await def.script(ctx);
    snaps.push([sim.events, strip(sim.system.inspect())]);
    sim.close();
    for (const [beforeSeq, live] of snaps) {
      const r = new TraceReader(path);
      const rebuilt = strip(treeAt(r.events(), { beforeSeq }, r.header.name) as InspectNode);
      r.close();
      t.true(isDeepStrictEqual(JSON.parse(JSON.stringify(rebuilt)), JSON.parse(JSON.stringify(live))), `${def.name} before event ${beforeSeq}`);
      compared++;
    }
  }
  t.true(compared >= 10);
});
