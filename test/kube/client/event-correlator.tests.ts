import test from 'ava';
import { correlate, correlatorState, type CoreEvent, referenceTo, updateState } from '../../../actors/client/event-correlator.ts';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1', resourceVersion: '7' } };
const ref = referenceTo(pod);
const src = { component: 'default-scheduler' };

test('an event is a core/v1 Event named <object>.<hex nanoseconds>, about its object, count 1', (t) => {
  const s = correlatorState();
  const c = correlate(s, src, 0, ref, 'Normal', 'Scheduled', 'Successfully assigned prod/web-1 to worker-1', 0);
  t.is(c.type, 'create');
  const e = (c as { event: CoreEvent }).event;
  t.deepEqual(e, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-1.0', namespace: 'prod' },
    involvedObject: { kind: 'Pod', namespace: 'prod', name: 'web-1', uid: 'u-1', apiVersion: 'v1', resourceVersion: '7' },
    reason: 'Scheduled',
    message: 'Successfully assigned prod/web-1 to worker-1',
    source: { component: 'default-scheduler' },
    firstTimestamp: '1970-01-01T00:00:00Z',
    lastTimestamp: '1970-01-01T00:00:00Z',
    count: 1,
    type: 'Normal',
    reportingComponent: 'default-scheduler',
    reportingInstance: '',
  });
  const later = correlate(s, src, 1500, { ...ref, name: 'other' }, 'Normal', 'X', 'y', 1_700_000_000_000) as { event: CoreEvent };
  t.is(later.event.metadata.name, `other.${(1_700_000_001_500n * 1_000_000n + 1n).toString(16)}`);
  t.is(later.event.lastTimestamp, '2023-11-14T22:13:21Z');
});

test('the same event again is a patch of count and lastTimestamp onto the first one\'s name', (t) => {
  const s = correlatorState();
  const first = correlate(s, src, 0, ref, 'Warning', 'BackOff', 'Back-off restarting failed container', 0) as { event: CoreEvent };
  updateState(s, { ...first.event, metadata: { ...first.event.metadata, resourceVersion: '40' } });
  const again = correlate(s, src, 30_000, ref, 'Warning', 'BackOff', 'Back-off restarting failed container', 0);
  t.like(again, { type: 'patch', event: { count: 2, metadata: { name: 'web-1.0', resourceVersion: '40' }, firstTimestamp: '1970-01-01T00:00:00Z', lastTimestamp: '1970-01-01T00:00:30Z' } });
  t.is((again as { patch: string }).patch, '{"count":2,"lastTimestamp":"1970-01-01T00:00:30Z","message":"Back-off restarting failed container"}');
});

test('the 10th distinct message of one reason within 10 minutes is combined, and later ones count onto it', (t) => {
  const s = correlatorState();
  const out = Array.from({ length: 12 }, (_, i) => correlate(s, src, i * 1000, ref, 'Warning', 'FailedScheduling', `0/${i} nodes are available`, 0));
  t.true(out.slice(0, 9).every((c) => c.type === 'create' && !c.event.message.startsWith('(combined')));
  t.like(out[9], { type: 'create', event: { message: '(combined from similar events): 0/9 nodes are available', count: 1 } });
  t.false('reportingComponent' in (out[9] as { event: CoreEvent }).event);
  t.like(out[10], { type: 'patch', event: { message: '(combined from similar events): 0/10 nodes are available', count: 2 } });
  t.like(out[11], { type: 'patch', event: { count: 3 } });
});

test('after 10 quiet minutes the similar-events window starts again', (t) => {
  const s = correlatorState();
  for (let i = 0; i < 9; i++) correlate(s, src, 0, ref, 'Normal', 'R', `m${i}`, 0);
  t.like(correlate(s, src, 600_001, ref, 'Normal', 'R', 'm9', 0), { type: 'create', event: { message: 'm9' } });
});

test('the spam filter: 25 events about one object at once, then one per 5 minutes', (t) => {
  const s = correlatorState();
  const kinds = Array.from({ length: 27 }, (_, i) => correlate(s, src, 0, ref, 'Normal', `R${i}`, 'same', 0).type);
  t.deepEqual(kinds.filter((k) => k === 'skip').length, 2);
  t.deepEqual(kinds.slice(25), ['skip', 'skip']);
  t.is(correlate(s, src, 299_000, ref, 'Normal', 'R99', 'x', 0).type, 'skip');
  t.is(correlate(s, src, 300_000, ref, 'Normal', 'R98', 'x', 0).type, 'create');
  t.is(correlate(s, { component: 'kubelet' }, 300_000, ref, 'Normal', 'R', 'x', 0).type, 'create', 'another source has its own budget');
});

test('types other than Normal and Warning are dropped', (t) => {
  t.deepEqual(correlate(correlatorState(), src, 0, ref, 'Info', 'R', 'x'), { type: 'skip', why: 'invalid type' });
});
