// The bridge plugin's CHECK, pure: the previous result must describe what is really there. What
// is really there is what the ADD built, recomputed from the addresses the attachment holds, so a
// result that names another address, MAC, namespace or route fails as the plugin's CHECK fails,
// with its messages.

import type { CniInterface, CniResult, CniRoute } from '../../protocols/kube/cni.ts';
import type { Attachment } from './bridge.ts';

const routeText = (r: CniRoute) => `{Dst:${r.dst} GW:${r.gw ?? '<nil>'}}`;

/** Undefined when `prev` matches `actual`, the result the attachment really has; else why not. */
export function verifyPrevResult(bridge: string, at: Attachment, prev: CniResult | undefined, actual: CniResult): string | undefined {
  if (prev === undefined) return 'Required prevResult missing';
  const find = (name: string) => actual.interfaces.find((i) => i.name === name);
  const br = prev.interfaces.find((i) => i.name === bridge);
  const cont = prev.interfaces.find((i) => i.name === at.ifName && i.sandbox === at.netns);
  // The bridge first: named, in the host's namespace, with the bridge's MAC.
  if (br === undefined) return 'Interface name missing ';
  if (br.sandbox !== undefined && br.sandbox !== '') return `Interface ${br.name} should not be in sandbox`;
  if (br.mac !== '' && br.mac !== find(bridge)?.mac) return `Bridge interface ${br.name} Mac doesn't match: ${br.mac}`;
  if (cont?.sandbox !== at.netns) return `Sandbox in prevResult ${cont?.sandbox ?? ''} doesn't match configured netns: ${at.netns}`;
  const real = find(at.ifName)!;
  if (cont.mac !== '' && cont.mac !== real.mac) return `Interface ${cont.name} Mac ${cont.mac} doesn't match container Mac: ${real.mac}`;
  // The host end of the pair; an interface that is not a veth of ours is skipped.
  const others = prev.interfaces.filter((i: CniInterface) => i !== br && i !== cont);
  let vethFound = false;
  for (const i of others) {
    if (i.sandbox !== undefined && i.sandbox !== '') return `Interface ${i.name} should not be in sandbox`;
    const host = find(i.name);
    if (host === undefined) return `Interface name ${i.name} not found`;
    if (host.sandbox !== undefined) continue;
    if (i.mac !== '' && i.mac !== host.mac) return `Interface ${i.name} Mac doesn't match: ${i.mac} not found`;
    vethFound = true;
    break;
  }
  if (!vethFound) return `CNI veth created for bridge ${bridge} was not found`;
  for (const ip of prev.ips) {
    if (!actual.ips.some((a) => a.address === ip.address)) return `Failed to match addr ${ip.address} on interface ${at.ifName}`;
  }
  for (const r of prev.routes) {
    if (!actual.routes.some((a) => a.dst === r.dst && (r.gw === undefined || a.gw === r.gw))) return `Expected Route ${routeText(r)} not found in routing table`;
  }
  return undefined;
}
