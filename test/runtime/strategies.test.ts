import test from 'ava';
import { supervisor } from '../../runtime/index.ts';
import { manualSystem, ref, statusOf, step, worker } from './helpers.ts';

const noJitter = { min: 10, max: 1000, jitter: 0 };

function tree(strategy: 'one-for-one' | 'one-for-all' | 'rest-for-one', log: string[]) {
  return supervisor({
    kind: 'sup',
    strategy,
    maxRestarts: 10,
    period: 10_000,
    backoff: noJitter,
    children: ['a', 'b', 'c'].map((id) => ({ id, actor: worker(log) })),
  });
}

test('children start in order', async (t) => {
  const log: string[] = [];
  const { system } = manualSystem();
  system.spawn(tree('one-for-one', log), { name: 'sup' });
  t.deepEqual(log, ['start /sup/a', 'start /sup/b', 'start /sup/c']);
});

test('children stop in reverse order', async (t) => {
  const log: string[] = [];
  const { system } = manualSystem();
  const stops: string[] = [];
  system.treeChanges$.subscribe((c) => c.status === 'stopped' && stops.push(c.path));
  const sup = system.spawn(tree('one-for-one', log), { name: 'sup' });
  system.stop(sup);
  t.deepEqual(stops, ['/sup/c', '/sup/b', '/sup/a', '/sup']);
});

test('one-for-one restarts only the failed child', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(tree('one-for-one', log), { name: 'sup' });
  log.length = 0;
  system.send(ref(system, '/sup/b'), { type: 'crash' });
  await step(system, clock, 10);
  t.deepEqual(log, ['start /sup/b']);
  t.deepEqual(['a', 'b', 'c'].map((n) => statusOf(system, `/sup/${n}`)), ['running', 'running', 'running']);
});

test('one-for-all restarts every child, stopping them last-first and starting them in order', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  const stops: string[] = [];
  system.spawn(tree('one-for-all', log), { name: 'sup' });
  system.treeChanges$.subscribe((c) => c.status === 'restarting' && stops.push(c.path));
  log.length = 0;
  system.send(ref(system, '/sup/b'), { type: 'crash' });
  await system.idle();
  t.deepEqual(stops, ['/sup/c', '/sup/a']);
  t.is(statusOf(system, '/sup/b'), 'backing-off');
  await step(system, clock, 10);
  t.deepEqual(log, ['start /sup/a', 'start /sup/b', 'start /sup/c']);
});

test('rest-for-one restarts the failed child and those started after it', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(tree('rest-for-one', log), { name: 'sup' });
  log.length = 0;
  system.send(ref(system, '/sup/b'), { type: 'crash' });
  await step(system, clock, 10);
  t.deepEqual(log, ['start /sup/b', 'start /sup/c']);
});

test('a restarted actor keeps its ref and starts from fresh state', async (t) => {
  const { system, clock } = manualSystem();
  system.spawn(tree('one-for-one', []), { name: 'sup' });
  const b = ref(system, '/sup/b');
  system.send(b, { type: 'ping' });
  system.send(b, { type: 'ping' });
  system.send(b, { type: 'crash' });
  system.send(b, { type: 'ping' });
  await step(system, clock, 10);
  const reply = await system.ask(b, (replyTo) => ({ type: 'count', replyTo }), 100);
  t.deepEqual(reply, { type: 'count', n: 1, incarnation: 2 });
});

test('a transient child that stops normally is not restarted; after a failure it is', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(
    supervisor({ backoff: noJitter, children: [{ id: 'x', actor: worker(log), restart: 'transient' }, { id: 'y', actor: worker(log), restart: 'transient' }] }),
    { name: 'sup' },
  );
  log.length = 0;
  system.send(ref(system, '/sup/x'), { type: 'stop' });
  system.send(ref(system, '/sup/y'), { type: 'crash' });
  await step(system, clock, 100);
  t.is(statusOf(system, '/sup/x'), 'stopped');
  t.is(statusOf(system, '/sup/y'), 'running');
  t.deepEqual(log, ['start /sup/y']);
});

test('a temporary child is never restarted, not even by one-for-all', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(
    supervisor({
      strategy: 'one-for-all',
      backoff: noJitter,
      children: [
        { id: 'p', actor: worker(log) },
        { id: 'tmp', actor: worker(log), restart: 'temporary' },
      ],
    }),
    { name: 'sup' },
  );
  log.length = 0;
  system.send(ref(system, '/sup/p'), { type: 'crash' });
  await step(system, clock, 100);
  t.deepEqual(log, ['start /sup/p']);
  t.is(statusOf(system, '/sup/tmp'), 'stopped');
  system.send(ref(system, '/sup/p'), { type: 'ping' });
  await step(system, clock, 0);
  t.is(statusOf(system, '/sup/p'), 'running');
});

test('a permanent child that stops normally is restarted', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(supervisor({ backoff: noJitter, children: [{ id: 'p', actor: worker(log) }] }), { name: 'sup' });
  log.length = 0;
  system.send(ref(system, '/sup/p'), { type: 'stop' });
  await step(system, clock, 10);
  t.deepEqual(log, ['start /sup/p']);
});

test('past its intensity a supervisor stops its children and fails to its parent, which restarts it', async (t) => {
  const log: string[] = [];
  const { system, clock } = manualSystem();
  const inner = supervisor({
    kind: 'inner',
    maxRestarts: 2,
    period: 1000,
    backoff: noJitter,
    children: [{ id: 'w', actor: worker(log) }, { id: 'v', actor: worker(log) }],
  });
  system.spawn(supervisor({ kind: 'outer', backoff: noJitter, children: [{ id: 'inner', actor: inner }] }), { name: 'outer' });
  const stops: string[] = [];
  system.treeChanges$.subscribe((c) => c.status === 'stopped' && stops.push(c.path));
  for (let i = 0; i < 3; i++) {
    system.send(ref(system, '/outer/inner/w'), { type: 'crash' });
    await step(system, clock, i < 2 ? 10 * 2 ** i : 0);
  }
  // Third failure within the period: the inner supervisor gives up...
  t.deepEqual(stops, ['/outer/inner/w', '/outer/inner/v']);
  t.is(statusOf(system, '/outer/inner'), 'backing-off');
  const innerNode = system.inspect().children[0]!.children[0]!;
  t.regex(innerNode.lastFailure!.error, /reached max restart intensity \(more than 2 restarts in 1000ms\)/);
  // ...and the outer one restarts it, with fresh children.
  log.length = 0;
  await step(system, clock, 10);
  t.deepEqual(log, ['start /outer/inner/w', 'start /outer/inner/v']);
  t.is(statusOf(system, '/outer/inner/w'), 'running');
});

test('escalation reaches the root, which stops everything and reports it', async (t) => {
  const { system, clock } = manualSystem({ supervision: { maxRestarts: 1, period: 60_000, backoff: noJitter } });
  const failures: string[] = [];
  system.failures$.subscribe((f) => failures.push(f.error));
  system.spawn(supervisor({ maxRestarts: 0, children: [{ id: 'w', actor: worker([]) }] }), { name: 'app', restart: 'permanent' });
  system.spawn(worker([]), { name: 'bystander', restart: 'permanent' });
  system.send(ref(system, '/app/w'), { type: 'crash' }); // app gives up at once; root restarts it (1 of 1)
  await step(system, clock, 10);
  t.deepEqual(failures, []);
  system.send(ref(system, '/app/w'), { type: 'crash' }); // app gives up again: root past its intensity
  await step(system, clock, 10);
  t.is(failures.length, 1);
  t.regex(failures[0]!, /reached max restart intensity \(more than 1 restarts in 60000ms\)/);
  const root = system.inspect();
  t.is(root.status, 'stopped');
  t.deepEqual(root.children.map((c) => c.status), []);
  t.is(system.lookup('/bystander'), undefined);
});

test('a failing init is a failure like any other: restarted with backoff', async (t) => {
  let failing = true;
  const log: string[] = [];
  const { system, clock } = manualSystem();
  system.spawn(supervisor({ backoff: noJitter, maxRestarts: 10, children: [{ id: 'w', actor: worker(log, { failInit: () => failing }) }] }), { name: 'sup' });
  t.is(statusOf(system, '/sup/w'), 'backing-off');
  const node = () => system.inspect().children[0]!.children[0]!;
  t.deepEqual(node().lastFailure && { on: node().lastFailure!.messageType, error: node().lastFailure!.error }, { on: 'init', error: 'init failed' });
  failing = false;
  await step(system, clock, 10);
  t.is(statusOf(system, '/sup/w'), 'running');
  t.is(node().restarts, 1);
});
