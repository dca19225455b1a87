import test from 'ava';
import fc from 'fast-check';
import type { DeadLetter } from '../../runtime/system/index.ts';
import { defineActor, type OverflowPolicy } from '../../runtime/index.ts';
import { Queue } from '../../runtime/queue.ts';
import { manualSystem } from './helpers.ts';

type M = { type: 'n'; n: number } | { type: 'flood'; count: number };

/** An actor whose mailbox holds 3; it floods a target, then sees what got through. */
async function overflow(policy: OverflowPolicy) {
  const { system } = manualSystem();
  const letters: DeadLetter[] = [];
  system.deadLetters$.subscribe((d) => letters.push(d));
  const got: number[] = [];
  const sink = system.spawn(
    defineActor<M, null>({
      kind: 'sink',
      init: () => null,
      receive: (s, m) => {
        if (m.type === 'n') got.push(m.n);
        return s;
      },
      mailbox: { capacity: 3, overflow: policy },
    }),
    { name: 'sink' },
  );
  const errors: string[] = [];
  // Sent in one synchronous burst, before the sink gets a turn.
  for (let n = 1; n <= 5; n++) {
    try {
      system.send(sink, { type: 'n', n });
    } catch (e) {
      errors.push(`${(e as Error).name}: ${(e as Error).message}`);
    }
  }
  await system.idle();
  return { got, dropped: letters.map((d) => (d.message as { n: number }).n), reasons: letters.map((d) => d.reason), errors };
}

test('drop-newest keeps the first messages and dead-letters the rest', async (t) => {
  const r = await overflow('drop-newest');
  t.deepEqual(r.got, [1, 2, 3]);
  t.deepEqual(r.dropped, [4, 5]);
  t.deepEqual(r.reasons, ['mailbox-full', 'mailbox-full']);
  t.deepEqual(r.errors, []);
});

test('drop-oldest keeps the latest messages and dead-letters the oldest', async (t) => {
  const r = await overflow('drop-oldest');
  t.deepEqual(r.got, [3, 4, 5]);
  t.deepEqual(r.dropped, [1, 2]);
});

test('fail-sender refuses the message with an error to the sender, and dead-letters it', async (t) => {
  const r = await overflow('fail-sender');
  t.deepEqual(r.got, [1, 2, 3]);
  t.deepEqual(r.dropped, [4, 5]);
  t.deepEqual(r.errors, [
    'MailboxFullError: send to /sink: mailbox is full (capacity 3); n refused',
    'MailboxFullError: send to /sink: mailbox is full (capacity 3); n refused',
  ]);
});

test('fail-sender inside an actor fails the sending actor', async (t) => {
  const { system } = manualSystem();
  const sink = system.spawn(
    defineActor<M, null>({ kind: 'sink', init: () => null, receive: (s) => s, mailbox: { capacity: 1, overflow: 'fail-sender' } }),
    { name: 'sink' },
  );
  const sender = system.spawn(
    defineActor<M, null>({
      kind: 'sender',
      init: () => null,
      receive: (s, m, ctx) => {
        if (m.type === 'flood') for (let i = 0; i < m.count; i++) ctx.send(sink, { type: 'n', n: i });
        return s;
      },
    }),
    { name: 'sender', restart: 'permanent' },
  );
  system.send(sender, { type: 'flood', count: 3 });
  await system.idle();
  const node = system.inspect().children.find((c) => c.name === 'sender')!;
  t.is(node.status, 'backing-off');
  t.deepEqual(node.lastFailure && [node.lastFailure.messageType, node.lastFailure.error], [
    'flood',
    'send to /sink: mailbox is full (capacity 1); n refused',
  ]);
});

test('a bad mailbox option names the field', (t) => {
  const { system } = manualSystem();
  t.throws(
    () => system.spawn(defineActor<M, null>({ kind: 'x', init: () => null, receive: (s) => s, mailbox: { capacity: 0 } }), { name: 'x' }),
    { message: '/x: mailbox.capacity: Invalid value: 0: must be greater than or equal to 1' },
  );
});

test('the queue is first in, first out across growth', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant<'shift'>('shift')), { maxLength: 300, size: 'max' }), (ops) => {
        const q = new Queue<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') {
            if (q.shift() !== model.shift()) return false;
          } else {
            q.push(op);
            model.push(op);
          }
          if (q.length !== model.length) return false;
        }
        return JSON.stringify(q.drain()) === JSON.stringify(model);
      }),
    ),
  );
});
