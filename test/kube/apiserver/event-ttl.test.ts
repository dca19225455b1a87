// Events expire (shell/leases.ts): each is stored on an etcd lease of --event-ttl plus the reuse
// window, renewed by every update, so etcd deletes it about an hour after its last write and a
// watcher sees it DELETED. A planted bug (updates written without a lease) must be caught.

import test from 'ava';
import type { ApiserverTuning } from '../../../scenarios/cluster/spec.ts';
import type { KubeObject } from '../../../protocols/kube/objects.ts';
import type { KubeWatchEvent } from '../../../protocols/kube/api.ts';
import { runScenario } from '../../../scenarios/runner.ts';
import { defineScenario, type ScenarioContext } from '../../../scenarios/scenario.ts';

const MIN = 60_000;
/** The default TTL and its reuse window (60 s): an Event lives 60 to 61 minutes past its last write. */
const TTL = 60 * MIN;
const WINDOW = MIN;
/** The leader looks for expired leases on its ticks; the revoke then goes through the log. */
const SLACK = 5_000;

const event = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default' },
  involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0' },
  reason: 'Pulled',
  message: 'Container image "nginx" already present on machine',
  type: 'Normal',
  count: 1,
  source: { component: 'kubelet' },
} as KubeObject);

/** The Event keys etcd holds (the first member's store), and the leases it has. */
function inEtcd(s: ScenarioContext): { keys: string[]; leases: number } {
  const etcd = s.cluster().etcd;
  const store = etcd.state(etcd.members[0]!)!.store;
  const keys = store.range('/registry/events/', '/registry/events0', {}).kvs.map((kv) => kv.key);
  return { keys, leases: store.leases().leases.length };
}

function scenario(apiserver: ApiserverTuning, script: (s: ScenarioContext) => Promise<void>) {
  return defineScenario({ name: 'event-ttl', description: '', setup: (s) => void s.cluster({ workers: 0, apiserverOnly: true, apiserver }), script });
}

const names = async (s: ScenarioContext) => (await s.kube.list('events', { namespace: 'default' })).items.map((e) => e.metadata.name);

test('an Event is gone from etcd, from lists and from a watch an hour (plus the window) after it was created', async (t) => {
  const seen: Record<string, unknown> = {};
  const events: KubeWatchEvent[] = [];
  const run = await runScenario(
    scenario({}, async (s) => {
      await s.advance('3s');
      await s.kube.watch('events', { namespace: 'default' }, (e) => events.push(e));
      await s.kube.create(event('web-0.pulled'));
      const created = s.now();
      // Twenty more within the minute share its lease.
      for (let i = 0; i < 20; i++) await s.kube.create(event(`web-${i + 1}.pulled`));
      seen.leases = inEtcd(s).leases;
      await s.advance(TTL - MIN);
      seen.before = { etcd: inEtcd(s).keys.length, list: (await names(s)).length };
      await s.advance(created + TTL + WINDOW + SLACK - s.now());
      seen.after = { etcd: inEtcd(s).keys, list: await names(s), leases: inEtcd(s).leases };
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.is(seen.leases, 1);
  t.deepEqual(seen.before, { etcd: 21, list: 21 });
  t.deepEqual(seen.after, { etcd: [], list: [], leases: 0 });
  const deleted = events.filter((e) => e.type === 'DELETED').map((e) => (e.object as KubeObject).metadata.name);
  t.is(deleted.length, 21);
  t.true(deleted.includes('web-0.pulled'));
});

/** An Event created, bumped half an hour later as the correlator does, and looked at after. */
async function bumped(apiserver: ApiserverTuning): Promise<{ ok: boolean; detail: string; atCreateTtl: string[]; atUpdateTtl: string[] }> {
  const seen = { atCreateTtl: [] as string[], atUpdateTtl: [] as string[] };
  const run = await runScenario(
    scenario(apiserver, async (s) => {
      await s.advance('3s');
      await s.kube.create(event('web-0.pulled'));
      const created = s.now();
      await s.advance(30 * MIN);
      await s.kube.patch('events', 'web-0.pulled', { count: 2, lastTimestamp: '2026-01-01T00:30:03Z' }, { namespace: 'default', type: 'strategic' });
      const updated = s.now();
      await s.advance(created + TTL + WINDOW + SLACK - s.now());
      seen.atCreateTtl = inEtcd(s).keys;
      await s.advance(updated + TTL + WINDOW + SLACK - s.now());
      seen.atUpdateTtl = inEtcd(s).keys;
    }),
    { seed: 3 },
  );
  return { ok: run.ok, detail: JSON.stringify(run.expectations), ...seen };
}

test('an Event updated gets a fresh lease: it lives an hour past its last update, then goes', async (t) => {
  const r = await bumped({});
  t.true(r.ok, r.detail);
  t.deepEqual(r.atCreateTtl, ['/registry/events/default/web-0.pulled']);
  t.deepEqual(r.atUpdateTtl, []);
});

test('the planted bug, updates written without a lease, leaves the Event for ever', async (t) => {
  const r = await bumped({ plant: { eventUpdatesWithoutLease: true } });
  t.true(r.ok, r.detail);
  t.deepEqual(r.atUpdateTtl, ['/registry/events/default/web-0.pulled']);
});

test('eventTtlMs 0 stores Events without a lease', async (t) => {
  const seen: Record<string, unknown> = {};
  const run = await runScenario(
    scenario({ eventTtlMs: 0 }, async (s) => {
      await s.advance('3s');
      await s.kube.create(event('web-0.pulled'));
      seen.leases = inEtcd(s).leases;
      await s.advance(TTL + WINDOW + SLACK);
      seen.keys = inEtcd(s).keys.length;
    }),
    { seed: 3 },
  );
  t.true(run.ok, JSON.stringify(run.expectations));
  t.deepEqual(seen, { leases: 0, keys: 1 });
});
