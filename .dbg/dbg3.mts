import { Simulation } from '../runtime/kernel/index.ts';
import { ScenarioContext } from '../scenarios/scenario.ts';
import def from '../scenarios/builtin/pod-lifecycle.ts';
const sim = new Simulation({ seed: 1, maxEventsPerInstant: 200000 } as any);
const s = new ScenarioContext(sim);
def.setup(s);
try { await def.script(s); } catch (e) { console.log('ERR at', s.now(), String(e).slice(0, 200)); }
const all = (n: any): any[] => [n, ...n.children.flatMap(all)];
const nodes = all(s.inspect()).sort((a, b) => b.processed - a.processed).slice(0, 12);
for (const n of nodes) console.log(n.path, n.kind, n.processed, n.mailbox);
sim.close();
