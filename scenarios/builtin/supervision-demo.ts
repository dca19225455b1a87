// Supervisors healing a host's workers under each strategy, and one past its restart intensity
// that gives up and fails to the host, which starts it afresh.

import { defineActor, host, supervisor } from '../../runtime/index.ts';
import type { InspectNode } from '../../runtime/system/index.ts';
import { defineScenario, type ScenarioContext } from '../scenario.ts';

type WorkerMsg = { type: 'work' } | { type: 'boom' };

const worker = defineActor<WorkerMsg, { done: number }>({
  kind: 'worker',
  init: () => ({ done: 0 }),
  receive: (s, m) => {
    if (m.type === 'boom') throw new Error('worker blew up');
    return { done: s.done + 1 };
  },
  describe: (s) => s,
});

const three = ['a', 'b', 'c'].map((id) => ({ id, actor: worker }));

export const node = host({
  strategy: 'one-for-one',
  maxRestarts: 10,
  period: 60_000,
  children: [
    { id: 'one-for-one', actor: supervisor({ kind: 'supervisor', strategy: 'one-for-one', children: three }) },
    { id: 'one-for-all', actor: supervisor({ kind: 'supervisor', strategy: 'one-for-all', children: three }) },
    { id: 'rest-for-one', actor: supervisor({ kind: 'supervisor', strategy: 'rest-for-one', children: three }) },
    {
      id: 'fragile',
      actor: supervisor({ kind: 'supervisor', strategy: 'one-for-one', maxRestarts: 2, period: 10_000, children: [{ id: 'w', actor: worker }] }),
    },
  ],
});

function find(tree: InspectNode, path: string): InspectNode | undefined {
  if (tree.path === path) return tree;
  for (const c of tree.children) {
    const f = find(c, path);
    if (f) return f;
  }
  return undefined;
}

function restarts(s: ScenarioContext, sup: string): string {
  const t = s.inspect();
  return ['a', 'b', 'c'].map((w) => find(t, `/node-1/${sup}/${w}`)?.restarts ?? '-').join(',');
}

export default defineScenario({
  name: 'supervision-demo',
  description: 'a supervisor tree with crashing workers under each strategy; one past its restart intensity escalates',
  setup: (s) => {
    s.spawn(node, { name: 'node-1', restart: 'permanent' });
  },
  script: async (s) => {
    await s.advance('1s');
    for (const sup of ['one-for-one', 'one-for-all', 'rest-for-one']) s.send<WorkerMsg>(`/node-1/${sup}/b`, { type: 'boom' });
    await s.advance('1s');
    s.expect('one-for-one restarts only the failed worker', restarts(s, 'one-for-one') === '0,1,0', `restarts a,b,c: ${restarts(s, 'one-for-one')}`);
    s.expect('one-for-all restarts every worker', restarts(s, 'one-for-all') === '1,1,1', `restarts a,b,c: ${restarts(s, 'one-for-all')}`);
    s.expect('rest-for-one restarts the failed worker and those after it', restarts(s, 'rest-for-one') === '0,1,1', `restarts a,b,c: ${restarts(s, 'rest-for-one')}`);

    for (let i = 0; i < 3; i++) {
      await s.until(() => find(s.inspect(), '/node-1/fragile/w')?.status === 'running', { within: '10s' });
      s.send<WorkerMsg>('/node-1/fragile/w', { type: 'boom' });
      await s.advance('10ms');
    }
    const fragile = find(s.inspect(), '/node-1/fragile');
    s.expect(
      'past its intensity the fragile supervisor fails to its host',
      fragile?.lastFailure?.error.includes('reached max restart intensity') === true,
      fragile?.lastFailure ? `${fragile.lastFailure.messageType}: ${fragile.lastFailure.error}` : 'no failure recorded',
    );
    const healed = await s.until(() => find(s.inspect(), '/node-1/fragile/w')?.status === 'running', { within: '10s' });
    const again = find(s.inspect(), '/node-1/fragile');
    s.expect('the host restarts the fragile supervisor with a fresh worker', healed && again?.restarts === 1 && find(again, '/node-1/fragile/w')?.restarts === 0,
      `fragile restarts: ${again?.restarts}, worker status: ${find(s.inspect(), '/node-1/fragile/w')?.status}`);
    await s.advance('1s');
  },
});
