import { Simulation } from '../runtime/kernel/index.ts';
import { ScenarioContext } from '../scenarios/scenario.ts';
import def from '../scenarios/builtin/node-components-chaos.ts';
const sim = new Simulation({ seed: Number(process.argv[2] ?? 2) });
const s = new ScenarioContext(sim);
def.setup(s);
try { await def.script(s); } catch (e) { console.log('ERR at', s.now(), String(e).slice(0, 200)); }
for (const e of s.expectations) if (!e.ok) console.log('FAIL', e.name);
const pods = await s.kube.list('pods', { namespace: 'default' });
for (const p of pods.items as any[]) console.log(p.metadata.name, p.status?.phase, JSON.stringify(p.status?.conditions?.map((c: any) => c.type + '=' + c.status)), JSON.stringify(p.status?.containerStatuses?.map((c: any) => [c.restartCount, c.state, c.ready])).slice(0, 300));
const all = (n: any): any[] => [n, ...n.children.flatMap(all)];
for (const n of all(s.inspect()).filter((n: any) => n.path.startsWith('/worker'))) console.log(n.path, n.kind, n.status, n.restarts, JSON.stringify(n.description)?.slice(0, 400));
const ev = await s.kube.list('events', { namespace: 'default' });
for (const e of (ev.items as any[]).slice(-40)) console.log('EVENT', e.involvedObject?.name, e.reason, e.count, e.message?.slice(0, 200));
sim.close();
