import test from 'ava';
import { renderTree, type TreeChange } from '../../runtime/system/index.ts';
import { supervisor } from '../../runtime/index.ts';
import { manualSystem, ref, step, worker } from './helpers.ts';

const app = () =>
  supervisor({
    kind: 'app',
    maxRestarts: 5,
    backoff: { min: 100, max: 100, jitter: 0 },
    children: [{ id: 'a', actor: worker([]) }, { id: 'b', actor: worker([]) }],
  });

test('the tree after crashes: status, restarts, last failure, mailbox, processed, description', async (t) => {
  const { system, clock } = manualSystem({ name: 'demo' });
  system.spawn(app(), { name: 'app' });
  const a = ref(system, '/app/a');
  system.send(a, { type: 'ping' });
  system.send(a, { type: 'crash', why: 'bad disk' });
  system.send(a, { type: 'ping' }); // waits out the backoff in the mailbox
  await step(system, clock, 50);
  const during = system.inspect().children[0]!.children[0]!;
  t.like(during, { path: '/app/a', kind: 'worker', status: 'backing-off', restarts: 0, mailbox: 1, processed: 1 });
  t.like(during.lastFailure, { messageType: 'crash', error: 'bad disk', at: 0 });
  t.is(during.description, undefined);
  await step(system, clock, 50);
  const after = system.inspect();
  t.like(after, { path: '/', name: 'demo', kind: 'system', status: 'running' });
  t.like(after.children[0], { path: '/app', kind: 'app', status: 'running', restarts: 0, description: { strategy: 'one-for-one', maxRestarts: 5, period: 5000 } });
  t.like(after.children[0]!.children[0], { status: 'running', restarts: 1, mailbox: 0, processed: 2, description: { n: 1 } });
  t.like(after.children[0]!.children[1], { path: '/app/b', status: 'running', restarts: 0, lastFailure: null, processed: 0 });
});

test('the text tree draws every actor with its status and failure, colored only when asked', async (t) => {
  const { system, clock } = manualSystem({ name: 'demo' });
  system.spawn(app(), { name: 'app' });
  system.send(ref(system, '/app/a'), { type: 'crash', why: 'bad disk' });
  await step(system, clock, 100);
  const plain = renderTree(system.inspect(), { color: false });
  t.is(
    plain,
    [
      'demo (system) running',
      '└─ app (app) running {"strategy":"one-for-one","maxRestarts":5,"period":5000}',
      '   ├─ a (worker) running restarts=1 {"n":0}',
      '   │    last failure on crash: bad disk',
      '   └─ b (worker) running {"n":0}',
    ].join('\n'),
  );
  const colored = renderTree(system.inspect(), { color: true });
  t.true(colored.includes('\x1b[32mrunning\x1b[0m'));
  t.is(colored.replace(/\x1b\[\d+m/g, ''), plain);
});

test('tree changes are published as they happen', async (t) => {
  const { system, clock } = manualSystem();
  const changes: TreeChange[] = [];
  system.treeChanges$.subscribe((c) => changes.push(c));
  system.spawn(app(), { name: 'app' });
  system.send(ref(system, '/app/b'), { type: 'crash' });
  await step(system, clock, 100);
  t.deepEqual(
    changes.map((c) => `${c.path} ${c.status} ${c.restarts}`),
    [
      '/app starting 0',
      '/app/a starting 0',
      '/app/a running 0',
      '/app/b starting 0',
      '/app/b running 0',
      '/app running 0',
      '/app/b backing-off 0',
      '/app/b starting 1',
      '/app/b running 1',
    ],
  );
});
