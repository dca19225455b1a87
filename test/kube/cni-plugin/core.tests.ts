// The plugin's decision for one call: the CNI 1.0.0 result of an ADD (bridge, veth, the pod's
// interface, IPs, default routes), the CNI library's checks of a call with the spec's codes, the
// CHECK of a previous result, and DEL's idempotence.

import test from 'ava';
import { macFromIPv4, vethName } from '../../../actors/cni-plugin/bridge.ts';
import { decide, type PluginConfig } from '../../../actors/cni-plugin/core.ts';
import { emptyStore, type IpamStore, replay } from '../../../actors/cni-plugin/ipam/store.ts';
import { CNI_ERRORS, type CniMsg, type CniResult, isCniMsg, isCniReply } from '../../../protocols/kube/cni.ts';
import { add, check, del, NODE_V4, NODE_V6 } from './fixtures.ts';

const CFG: PluginConfig = { bridge: 'cni0', cniVersion: '1.0.0' };

function run(store: IpamStore, msg: CniMsg, cfg = CFG) {
  const d = decide(store, cfg, msg);
  return { store: replay(d.records, store), reply: d.reply };
}

function added(store: IpamStore, msg: CniMsg): { store: IpamStore; result: CniResult } {
  const r = run(store, msg);
  if (!(r.reply.ok && r.reply.op === 'ADD')) throw new Error(JSON.stringify(r.reply));
  return { store: r.store, result: r.reply.result };
}

test('an ADD on a dual-stack node answers the bridge, the host veth and eth0 in the sandbox, both IPs and a default route per family', (t) => {
  const { result } = added(emptyStore(), add({ containerId: 'c1', ranges: [NODE_V4, NODE_V6] }));
  t.deepEqual(result, {
    cniVersion: '1.0.0',
    interfaces: [
      { name: 'cni0', mac: '0a:58:0a:f4:01:01' },
      { name: vethName('c1', 'eth0'), mac: result.interfaces[1]!.mac },
      { name: 'eth0', mac: '0a:58:0a:f4:01:02', sandbox: '/var/run/netns/cni-c1' },
    ],
    ips: [
      { address: '10.244.1.2/24', gateway: '10.244.1.1', interface: 2 },
      { address: 'fd00:10:244:1::2/64', gateway: 'fd00:10:244:1::1', interface: 2 },
    ],
    routes: [{ dst: '0.0.0.0/0', gw: '10.244.1.1' }, { dst: '::/0', gw: 'fd00:10:244:1::1' }],
    dns: {},
  });
});

test('names and MACs are stable for an attachment and differ between attachments', (t) => {
  t.regex(vethName('c1', 'eth0'), /^veth[0-9a-f]{8}$/);
  t.is(vethName('c1', 'eth0'), vethName('c1', 'eth0'));
  t.not(vethName('c1', 'eth0'), vethName('c2', 'eth0'));
  t.is(macFromIPv4('10.244.1.2'), '0a:58:0a:f4:01:02');
  const a = added(emptyStore(), add({ containerId: 'c1' })).result.interfaces[1]!.mac;
  const b = added(emptyStore(), add({ containerId: 'c2' })).result.interfaces[1]!.mac;
  t.not(a, b);
  // Locally administered unicast, as the kernel's random veth MACs are.
  t.is(Number.parseInt(a.slice(0, 2), 16) & 0x03, 0x02);
});

test('an IPv6-only node gets an IPv6 address, its default route and a locally administered MAC', (t) => {
  const { result } = added(emptyStore(), add({ containerId: 'c6', ranges: [NODE_V6] }));
  t.deepEqual(result.ips, [{ address: 'fd00:10:244:1::2/64', gateway: 'fd00:10:244:1::1', interface: 2 }]);
  t.deepEqual(result.routes, [{ dst: '::/0', gw: 'fd00:10:244:1::1' }]);
  t.regex(result.interfaces[2]!.mac, /^[0-9a-f][26ae](:[0-9a-f]{2}){5}$/);
});

test('dns is empty unless configured', (t) => {
  const dns = { nameservers: ['10.96.0.10'], search: ['default.svc.cluster.local'] };
  const r = decide(emptyStore(), { ...CFG, dns }, add({ containerId: 'c1' })).reply;
  t.deepEqual(r.ok && r.op === 'ADD' && r.result.dns, dns);
});

test('exhaustion and duplicates reach the runtime as host-local\'s errors, code 999', (t) => {
  let store = emptyStore();
  const tiny = [[{ subnet: '10.0.0.0/30' }]];
  store = added(store, add({ containerId: 'a', ranges: tiny })).store;
  t.deepEqual(run(store, add({ containerId: 'b', ranges: tiny, reqId: 7 })).reply, {
    type: 'CniReply',
    reqId: 7,
    op: 'ADD',
    ok: false,
    error: { cniVersion: '1.0.0', code: 999, msg: 'failed to allocate for range 0: no IP addresses available in range set: 10.0.0.1-10.0.0.2' },
  });
  t.like(run(store, add({ containerId: 'a', ranges: tiny })).reply, {
    ok: false,
    error: { code: 999, msg: 'failed to allocate for range 0: 10.0.0.2 has been allocated to a, duplicate allocation is not allowed' },
  });
  t.like(run(store, add({ containerId: 'a', ranges: [] })).reply, { ok: false, error: { code: 999, msg: 'no IP ranges specified' } });
});

// [request, code, msg, details]: the CNI library's own checks, before the plugin runs.
const CALL_ERRORS: readonly [CniMsg, number, string, string | undefined][] = [
  [add({ containerId: '' }), 4, 'required env variables [CNI_CONTAINERID] missing', undefined],
  [add({ containerId: '', netns: '', ifName: '' }), 4, 'required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME] missing', undefined],
  [add({ containerId: 'c1', netns: '' }), 4, 'required env variables [CNI_NETNS] missing', undefined],
  [check({ containerId: 'c1', netns: '' }), 4, 'required env variables [CNI_NETNS] missing', undefined],
  [add({ containerId: 'has/slash' }), 4, 'invalid characters in containerID', 'has/slash'],
  [add({ containerId: '_leading' }), 4, 'invalid characters in containerID', '_leading'],
  [add({ containerId: 'c1', ifName: 'a-very-long-name0' }), 4, 'interface name is too long', 'interface name should be less than 16 characters'],
  [add({ containerId: 'c1', ifName: '..' }), 4, 'interface name is . or ..', undefined],
  [add({ containerId: 'c1', ifName: 'eth 0' }), 4, 'interface name contains / or : or whitespace characters', undefined],
  [del({ containerId: 'c1', ifName: '' }), 4, 'required env variables [CNI_IFNAME] missing', undefined],
];

for (const [msg, code, text, details] of CALL_ERRORS) {
  test(`${msg.type} ${JSON.stringify([msg.containerId, msg.netns, msg.ifName])} fails: ${text}`, (t) => {
    const r = decide(emptyStore(), CFG, msg);
    t.deepEqual(r, { records: [], reply: { type: 'CniReply', reqId: 1, op: msg.type === 'CniAdd' ? 'ADD' : msg.type === 'CniDel' ? 'DEL' : 'CHECK', ok: false, error: { cniVersion: '1.0.0', code, msg: text, ...(details ? { details } : {}) } } });
  });
}

test('a configuration of another CNI version is refused with code 1', (t) => {
  const r = decide(emptyStore(), { ...CFG, cniVersion: '0.3.1' }, add({ containerId: 'c1' })).reply;
  t.deepEqual(r.ok ? undefined : r.error, { cniVersion: '0.3.1', code: CNI_ERRORS.IncompatibleCNIVersion, msg: 'incompatible CNI versions', details: 'config is "0.3.1", plugin supports ["1.0.0"]' });
});

test('DEL needs no netns, frees the addresses, and succeeds again for what it already freed', (t) => {
  const { store } = added(emptyStore(), add({ containerId: 'c1', ranges: [NODE_V4, NODE_V6] }));
  const once = run(store, del({ containerId: 'c1', netns: '', ranges: [NODE_V4, NODE_V6] }));
  t.deepEqual(once.reply, { type: 'CniReply', reqId: 1, op: 'DEL', ok: true });
  t.deepEqual(once.store.owners, {});
  const twice = decide(once.store, CFG, del({ containerId: 'c1', ranges: [NODE_V4, NODE_V6] }));
  t.deepEqual(twice, { records: [], reply: { type: 'CniReply', reqId: 1, op: 'DEL', ok: true } });
  t.like(run(emptyStore(), del({ containerId: 'never-added' })).reply, { ok: true });
});

test('CHECK passes for the ADD\'s own result and fails, with the bridge plugin\'s words, for anything else', (t) => {
  const call = { containerId: 'c1', ranges: [NODE_V4, NODE_V6] };
  const { store, result } = added(emptyStore(), add(call));
  const checked = (prev?: CniResult, c = call) => {
    const r = decide(store, CFG, check(c, prev)).reply;
    return r.ok ? 'ok' : r.error.msg;
  };
  const [br, veth, eth0] = result.interfaces;
  t.is(checked(result), 'ok');
  t.is(checked(undefined), 'Required prevResult missing');
  t.is(checked({ ...result, ips: [{ address: '10.244.1.99/24', gateway: '10.244.1.1', interface: 2 }] }), 'Failed to match addr 10.244.1.99/24 on interface eth0');
  t.is(checked({ ...result, interfaces: [br!, veth!, { ...eth0!, mac: '0a:58:0a:f4:01:63' }] }), 'Interface eth0 Mac 0a:58:0a:f4:01:63 doesn\'t match container Mac: 0a:58:0a:f4:01:02');
  t.is(checked({ ...result, interfaces: [{ ...br!, mac: '02:00:00:00:00:01' }, veth!, eth0!] }), 'Bridge interface cni0 Mac doesn\'t match: 02:00:00:00:00:01');
  t.is(checked({ ...result, interfaces: [br!, eth0!] }), 'CNI veth created for bridge cni0 was not found');
  t.is(checked({ ...result, interfaces: [veth!, eth0!] }), 'Interface name missing ');
  t.is(checked(result, { ...call, netns: '/var/run/netns/other' } as typeof call), 'Sandbox in prevResult  doesn\'t match configured netns: /var/run/netns/other');
  t.is(checked({ ...result, routes: [{ dst: '10.0.0.0/8', gw: '10.244.1.1' }] }), 'Expected Route {Dst:10.0.0.0/8 GW:10.244.1.1} not found in routing table');
  const gone = run(store, del(call)).store;
  t.like(decide(gone, CFG, check(call, result)).reply, { ok: false, error: { code: 999, msg: 'host-local: Failed to find address added by container c1' } });
});

test('the guards tell requests from replies', (t) => {
  t.true(isCniMsg(add({ containerId: 'c1' })));
  t.true(isCniMsg(del({ containerId: 'c1' })));
  t.false(isCniMsg({ type: 'CniReply' }));
  t.true(isCniReply({ type: 'CniReply' }));
  t.false(isCniMsg({ type: 'toString' }));
});
