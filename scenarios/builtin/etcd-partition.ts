// A partition cuts the etcd leader off with one client. The minority side commits no write and
// serves no linearizable read; the majority elects a leader and goes on; after the heal all
// members converge on the same store.

import { host } from '../../runtime/index.ts';
import { defineScenario } from '../scenario.ts';
import { etcdOnly } from '../cluster/index.ts';
import { answersOf, describeAnswer, memberViews, requester, type RequesterMsg, revisionOf, valueOf } from './etcd-support.ts';

export default defineScenario({
  name: 'etcd-partition',
  description: 'the minority side of a partition serves no linearizable read and commits no write; the majority goes on; after the heal all converge',
  config: { network: { latency: { min: 0.2, max: 0.3 } }, fsyncMs: 1 },
  setup: (s) => {
    s.cluster(etcdOnly());
    for (const side of ['minority', 'majority']) s.spawn(host({ children: [{ id: 'client', actor: requester(3000) }] }), { name: `client-${side}`, restart: 'permanent' });
  },
  script: async (s) => {
    const etcd = s.cluster().etcd;
    const send = (side: string, msg: Omit<RequesterMsg & { type: 'Send' }, 'type'>) => s.send<RequesterMsg>(`/client-${side}/client`, { type: 'Send', ...msg });
    await s.until(() => etcd.leader() !== undefined, { within: '5s' });
    const old = etcd.leader()!;
    const rest = etcd.members.filter((m) => m !== old);
    send('minority', { id: 1, member: old, command: { type: 'put', key: 'a', value: 'before' } });
    await s.advance('100ms');
    s.expect('before the partition, a write commits', revisionOf(answersOf(s, '/client-minority/client')[1]) === 2, describeAnswer(answersOf(s, '/client-minority/client')[1]));

    s.partition([old, 'client-minority'], [...rest, 'client-majority']);
    send('minority', { id: 2, member: old, command: { type: 'put', key: 'b', value: 'from-the-minority' } });
    send('minority', { id: 3, member: old, command: { type: 'range', key: 'a' } });
    const elected = await s.until(() => etcd.leader(old) !== undefined, { within: '10s' });
    const fresh = etcd.leader(old)!;
    s.expect('the majority elects a new leader', elected, `${fresh} leads at ${s.now().toFixed(0)}ms`);
    send('majority', { id: 4, member: fresh, command: { type: 'put', key: 'a', value: 'after' } });
    await s.advance('5s');
    const minority = answersOf(s, '/client-minority/client');
    const majority = answersOf(s, '/client-majority/client');
    s.expect('the minority commits no write', revisionOf(minority[2]) === undefined, `write on the minority: ${describeAnswer(minority[2])}`);
    s.expect('the minority serves no linearizable read', valueOf(minority[3]) === undefined, `read on the minority: ${describeAnswer(minority[3])}`);
    s.expect('the majority goes on writing', revisionOf(majority[4]) !== undefined, `write on the majority: ${describeAnswer(majority[4])}`);

    s.heal();
    const converged = await s.until(() => {
      const v = Object.values(memberViews(s));
      return v.every((m) => m !== undefined && m.hash === v[0]!.hash && m.applied === v[0]!.applied);
    }, { within: '10s' });
    send('majority', { id: 5, member: fresh, command: { type: 'range', key: 'b' } });
    send('majority', { id: 6, member: fresh, command: { type: 'range', key: 'a' } });
    await s.advance('500ms');
    const after = answersOf(s, '/client-majority/client');
    s.expect('after the heal every member holds the same store', converged, JSON.stringify(memberViews(s)));
    s.expect('the write sent to the minority never took effect', valueOf(after[5]) === null, `b reads ${JSON.stringify(valueOf(after[5]))}`);
    s.expect("the majority's write is what everyone reads", valueOf(after[6]) === 'after', `a reads ${JSON.stringify(valueOf(after[6]))}`);
  },
});
