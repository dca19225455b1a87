// Watch streams on members: one whose client went elsewhere (its cancel lost) is dropped once it
// falls silent, so abandoned watches do not pile up on a member.

import test from 'ava';
import { cluster, writeMany } from './client-harness.ts';

test('a member drops a watch stream whose client has gone silent', async (t) => {
  const { sim, seen, state, leader, send } = cluster(31);
  t.true(await sim.until(() => leader() !== undefined, 5000));
  send({ type: 'watch', id: 1, request: { key: 'w/', rangeEnd: 'w0', startRevision: 1 } });
  await sim.advance(200);
  t.is(Object.keys(state('e1')!.streams).length, 1, 'the client watches through the first member');
  // Hold everything between the client and that member (which keeps its leader): the client's
  // probes go unanswered, it resumes elsewhere, and the cancel it sends never arrives.
  sim.hold('c', 'e1');
  sim.hold('e1', 'c');
  await sim.advance(3000);
  await writeMany(sim, seen, send, 0, 3);
  await sim.advance(500);
  t.is(seen.events.get(1)?.length, 3, 'the resumed watch sees the writes');
  t.is(Object.keys(state('e1')!.streams).length, 1, 'the abandoned stream is still there at first');
  await sim.advance(6000);
  t.is(Object.keys(state('e1')!.streams).length, 0, 'and gone once silent');
  t.is(state('e1')!.store.watches().length, 0);
});
