import test from 'ava';
import fc from 'fast-check';
import { VirtualClock } from '../../runtime/kernel/index.ts';

test('events fire in (time, sequence) order, jumping time to each', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(fc.record({ delay: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 60, size: 'max' }), (plan) => {
        const clock = new VirtualClock();
        const fired: [number, number][] = [];
        const handles = plan.map((p, i) => clock.schedule(p.delay, () => fired.push([clock.now(), i])));
        plan.forEach((p, i) => p.cancel && handles[i]!.cancel());
        while (clock.fireNext());
        const expected = plan
          .map((p, i) => ({ ...p, i }))
          .filter((p) => !p.cancel)
          .sort((a, b) => a.delay - b.delay || a.i - b.i)
          .map((p) => [p.delay, p.i]);
        return JSON.stringify(fired) === JSON.stringify(expected) && clock.pending === 0;
      }),
    ),
  );
});

test('an event scheduled for now fires after earlier-scheduled events due at the same instant', (t) => {
  const clock = new VirtualClock();
  const order: string[] = [];
  clock.schedule(10, () => {
    order.push('first@10');
    clock.schedule(0, () => order.push('zero-delay@10'));
  });
  clock.schedule(10, () => order.push('second@10'));
  clock.schedule(11, () => order.push('@11'));
  while (clock.fireNext());
  t.deepEqual(order, ['first@10', 'second@10', 'zero-delay@10', '@11']);
  t.is(clock.now(), 11);
});

test('moveTo refuses to skip a due event', (t) => {
  const clock = new VirtualClock();
  clock.schedule(5, () => {});
  t.throws(() => clock.moveTo(6), { message: /an event is still due at 5/ });
  clock.moveTo(4);
  t.is(clock.now(), 4);
  t.is(clock.nextAt(), 5);
});
