import test from 'ava';
import fc from 'fast-check';
import { Network } from '../../runtime/kernel/index.ts';
import { Rng } from '../../runtime/index.ts';

const net = (seed = 1, link = {}) => new Network(Rng.stream(seed, 'network'), link);

test('latency is drawn from the link range, and the seed decides it', (t) => {
  const arrivals = (seed: number) => {
    const n = net(seed, { latency: { min: 2, max: 8 }, reorder: true });
    return Array.from({ length: 50 }, () => {
      const tr = n.transmit('a', 'b', 100);
      return tr.kind === 'deliver' ? tr.at[0]! : NaN;
    });
  };
  const a = arrivals(1);
  t.true(a.every((x) => x >= 102 && x <= 108));
  t.deepEqual(arrivals(1), a);
  t.notDeepEqual(arrivals(2), a);
});

test('a FIFO link never lets a later message overtake; a reordering one does', (t) => {
  const times = (reorder: boolean) => {
    const n = net(3, { latency: { min: 1, max: 30 }, reorder });
    return Array.from({ length: 40 }, (_, i) => {
      const tr = n.transmit('a', 'b', i);
      return tr.kind === 'deliver' ? tr.at[0]! : NaN;
    });
  };
  const fifo = times(false);
  t.true(fifo.every((x, i) => i === 0 || x >= fifo[i - 1]!));
  const loose = times(true);
  t.true(loose.some((x, i) => i > 0 && x < loose[i - 1]!));
});

test('loss and duplication happen at about their rates', (t) => {
  const n = net(5, { loss: 0.3, duplicate: 0.2 });
  let lost = 0;
  let doubled = 0;
  for (let i = 0; i < 5000; i++) {
    const tr = n.transmit('a', 'b', 0);
    if (tr.kind === 'drop') lost++;
    else if (tr.kind === 'deliver' && tr.at.length === 2) doubled++;
  }
  t.true(Math.abs(lost / 5000 - 0.3) < 0.03, `lost ${lost}`);
  t.true(Math.abs(doubled / 3500 - 0.2) < 0.03, `doubled ${doubled}`);
});

test('a partition cuts exactly the links between groups; heal restores them', (t) => {
  const n = net();
  n.partition([['a', 'b'], ['c']]);
  t.deepEqual(n.transmit('a', 'c', 0), { kind: 'drop', reason: 'partition' });
  t.deepEqual(n.transmit('c', 'b', 0), { kind: 'drop', reason: 'partition' });
  t.is(n.transmit('a', 'b', 0).kind, 'deliver');
  t.false(n.canReach('a', 'd')); // a host in no group is cut off from the named ones
  n.heal();
  t.is(n.transmit('a', 'c', 0).kind, 'deliver');
  t.throws(() => n.partition([['a'], ['a', 'b']]), { message: 'partition: host a is in more than one group' });
});

test('a held link holds in one direction only, until released', (t) => {
  const n = net();
  n.hold('a', 'b');
  t.deepEqual(n.transmit('a', 'b', 0), { kind: 'hold' });
  t.is(n.transmit('b', 'a', 0).kind, 'deliver');
  t.true(n.release('a', 'b'));
  t.is(n.transmit('a', 'b', 0).kind, 'deliver');
});

test('bad link settings name the field', (t) => {
  t.throws(() => net(1, { loss: 2 }), { message: 'network: loss: Invalid value: 2: must be between 0 and 1' });
  t.throws(() => net().setLink('a', 'b', { latency: { min: 5, max: 1 } }), { message: 'network link a-b: latency.max: Invalid value: 1: must be greater than or equal to latency.min' });
});

// Eight hosts, each in one of up to four groups or (-1) in none; 'stranger' is never named.
const hosts = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'];
const everyone = [...hosts, 'stranger'];
const assignment = fc.array(fc.integer({ min: -1, max: 3 }), { minLength: hosts.length, maxLength: hosts.length, size: 'max' });

function partitioned(groupOf: number[]): { n: Network; group: (h: string) => number } {
  const groups: string[][] = [[], [], [], []];
  groupOf.forEach((g, i) => g >= 0 && groups[g]!.push(hosts[i]!));
  const n = net();
  n.partition(groups);
  return { n, group: (h) => (h === 'stranger' ? -1 : groupOf[hosts.indexOf(h)]!) };
}

test('partitions are symmetric: a reaches b exactly when b reaches a, hosts in no group included', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(assignment, (groupOf) => {
        const { n } = partitioned(groupOf);
        return everyone.every((a) => everyone.every((b) => n.canReach(a, b) === n.canReach(b, a)));
      }),
      { numRuns: 500 },
    ),
  );
});

test('under a partition, hosts in no group reach only each other; grouped hosts only their group', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(assignment, (groupOf) => {
        const { n, group } = partitioned(groupOf);
        return everyone.every((a) => everyone.every((b) => n.canReach(a, b) === (a === b || group(a) === group(b))));
      }),
      { numRuns: 500 },
    ),
  );
});

test('each directed link keeps its own settings, holds and order, among many hosts', (t) => {
  const n = net(1, { latency: { min: 1, max: 1 } });
  const hosts = ['a', 'b', 'c', 'ab', 'a\u0000b'];
  hosts.forEach((x, i) => hosts.forEach((y, j) => i < j && n.setLink(x, y, { latency: { min: 10 * i + j, max: 10 * i + j } })));
  n.hold('b', 'c');
  for (const [i, x] of hosts.entries())
    for (const [j, y] of hosts.entries()) {
      if (i === j) continue;
      const tr = n.transmit(x, y, 0);
      if (x === 'b' && y === 'c') t.deepEqual(tr, { kind: 'hold' });
      else t.deepEqual(tr, { kind: 'deliver', at: [10 * Math.min(i, j) + Math.max(i, j)] }, `${x}→${y}`);
    }
});
