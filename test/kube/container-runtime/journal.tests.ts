// The journal on disk: replaying what was written gives back what was persisted, whatever the
// sequence of changes.

import test from 'ava';
import fc from 'fast-check';
import { diff, type JournalOp, type Persisted, replay } from '../../../actors/container-runtime/journal.ts';
import { emptyRecords, type SandboxRecord } from '../../../actors/container-runtime/records.ts';

const sandbox = (id: string, v: number): SandboxRecord =>
  ({ id, name: id, metadata: { name: id, uid: id, namespace: 'ns', attempt: v }, config: {}, runtimeHandler: '', state: 'SANDBOX_READY', createdAt: v, network: 'up', ips: [], netns: '' }) as unknown as SandboxRecord;

type Step = { kind: 'put' | 'drop'; id: number; v: number } | { kind: 'cidr'; v: number } | { kind: 'image'; id: number };

test('replaying the diffs of any sequence of changes gives the last state', (t) => {
  const step = fc.oneof(
    fc.record({ kind: fc.constantFrom('put' as const, 'drop' as const), id: fc.nat(5), v: fc.nat(100) }),
    fc.record({ kind: fc.constant('cidr' as const), v: fc.nat(3) }),
    fc.record({ kind: fc.constant('image' as const), id: fc.nat(3) }),
  );
  fc.assert(
    fc.property(fc.array(fc.array(step, { maxLength: 5 }), { maxLength: 15 }), (batches: Step[][]) => {
      let state: Persisted = { records: emptyRecords, images: {} };
      let written = state;
      const journal: JournalOp[] = [];
      for (const batch of batches) {
        for (const s of batch) {
          const r = state.records;
          if (s.kind === 'put') state = { ...state, records: { ...r, sandboxes: { ...r.sandboxes, [`s${s.id}`]: sandbox(`s${s.id}`, s.v) } } };
          else if (s.kind === 'drop') {
            const { [`s${s.id}`]: _x, ...rest } = r.sandboxes;
            state = { ...state, records: { ...r, sandboxes: rest } };
          } else if (s.kind === 'cidr') state = { ...state, records: { ...r, podCidr: s.v === 0 ? null : `10.244.${s.v}.0/24` } };
          else state = { ...state, images: { ...state.images, [`i${s.id}`]: { id: `i${s.id}`, repoTags: [], repoDigests: [], size: 1, pinned: false } } };
        }
        journal.push(...diff(written, state));
        written = state;
      }
      const back = replay(journal);
      return JSON.stringify(back.records.podCidr) === JSON.stringify(state.records.podCidr) && JSON.stringify(sorted(back.records.sandboxes)) === JSON.stringify(sorted(state.records.sandboxes)) && JSON.stringify(sorted(back.images)) === JSON.stringify(sorted(state.images));
    }),
  );
  t.pass();
});

test('an unchanged state writes nothing', (t) => {
  const s: Persisted = { records: { ...emptyRecords, sandboxes: { a: sandbox('a', 1) } }, images: {} };
  t.deepEqual(diff(s, { ...s }), []);
});

function sorted(o: Record<string, unknown>): [string, unknown][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
