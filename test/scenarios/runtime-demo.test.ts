import test from 'ava';
import { runDemo } from '../../scenarios/demos/runtime-demo.ts';

test('the demo tree heals: worker-1 crashes, backs off, and runs again with its queued work done', async (t) => {
  const log: string[] = [];
  const system = await runDemo((line) => log.push(line));
  t.deepEqual(log, [
    'crashing /app/worker-1 ...',
    '  /app/worker-1 is backing-off',
    '  /app/worker-1 is starting (restarts: 1)',
    '  /app/worker-1 is running (restarts: 1)',
  ]);
  const app = system.inspect().children[0]!;
  const w1 = app.children.find((c) => c.name === 'worker-1')!;
  t.like(w1, { status: 'running', restarts: 1, description: { done: 1 } });
  t.is(w1.lastFailure?.error, 'the disk is on fire');
  t.true(app.children.every((c) => c.status === 'running'));
  system.shutdown();
});
