// The facts about a host that the kubelet reads from the machine (cAdvisor, the CRI, the OS) and
// from its own configuration, given here as plain data because hosts are simulated. Defaults are
// the kubelet's own (KubeletConfiguration defaults of 1.32) and a containerd node's.

export interface HostAddresses {
  readonly ipv4?: string;
  readonly ipv6?: string;
}

export interface NodeTaint {
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface HostConfig {
  readonly nodeName: string;
  readonly cpuCores: number;
  readonly memoryBytes: number;
  readonly ephemeralStorageBytes: number;
  readonly addresses: HostAddresses;
  /** Given by the cluster builder until the node-IPAM controller exists. */
  readonly podCIDRs: readonly string[];
  /** Adds kubeadm's control-plane label and NoSchedule taint (kubeadm's, not the kubelet's). */
  readonly controlPlane: boolean;
  readonly maxPods?: number;
  readonly kubeletVersion?: string;
  readonly containerRuntimeVersion?: string;
  readonly kernelVersion?: string;
  readonly osImage?: string;
  readonly architecture?: string;
  readonly machineID?: string;
  readonly systemUUID?: string;
  readonly bootID?: string;
  readonly kubeletPort?: number;
  /** --kube-reserved and --system-reserved, as quantity strings; none by default. */
  readonly kubeReserved?: Readonly<Record<string, string>>;
  readonly systemReserved?: Readonly<Record<string, string>>;
  /** evictionHard for the two signals that reserve allocatable: a quantity or a percentage. */
  readonly evictionHard?: { readonly memoryAvailable?: string; readonly nodefsAvailable?: string };
  /** --node-labels and registerWithTaints. */
  readonly extraLabels?: Readonly<Record<string, string>>;
  readonly registerWithTaints?: readonly NodeTaint[];
  /** --cloud-provider=external: a cloud-controller-manager initializes the Node and owns its addresses. */
  readonly externalCloudProvider?: boolean;
}

export type ResolvedHostConfig = Required<Omit<HostConfig, 'kubeReserved' | 'systemReserved' | 'evictionHard'>> & {
  readonly kubeReserved: Readonly<Record<string, string>>;
  readonly systemReserved: Readonly<Record<string, string>>;
  readonly evictionHard: { readonly memoryAvailable: string; readonly nodefsAvailable: string };
};

/** KubeletConfiguration's default maxPods. */
export const DEFAULT_MAX_PODS = 110;
/** The kubelet's default hard eviction thresholds that reserve allocatable. */
export const DEFAULT_EVICTION_HARD = { memoryAvailable: '100Mi', nodefsAvailable: '10%' } as const;
export const DEFAULT_KUBELET_PORT = 10250;

/** A stable hex id from the node name, standing in for /etc/machine-id and the DMI UUID. */
function hexId(seed: string, salt: number): string {
  let h1 = 0x811c9dc5 ^ salt;
  let h2 = 0x01000193 + salt;
  let out = '';
  for (let round = 0; out.length < 32; round++) {
    for (let i = 0; i < seed.length; i++) {
      h1 = Math.imul(h1 ^ seed.charCodeAt(i), 16777619) >>> 0;
      h2 = Math.imul(h2 + seed.charCodeAt(i) + round, 2246822519) >>> 0;
    }
    out += ((h1 ^ h2) >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, 32);
}

const uuidForm = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

export function resolveHostConfig(c: HostConfig): ResolvedHostConfig {
  return {
    nodeName: c.nodeName,
    cpuCores: c.cpuCores,
    memoryBytes: c.memoryBytes,
    ephemeralStorageBytes: c.ephemeralStorageBytes,
    addresses: c.addresses,
    podCIDRs: c.podCIDRs,
    controlPlane: c.controlPlane,
    maxPods: c.maxPods ?? DEFAULT_MAX_PODS,
    kubeletVersion: c.kubeletVersion ?? 'v1.32.0',
    containerRuntimeVersion: c.containerRuntimeVersion ?? 'containerd://1.7.24',
    kernelVersion: c.kernelVersion ?? '6.8.0-51-generic',
    osImage: c.osImage ?? 'Ubuntu 24.04.1 LTS',
    architecture: c.architecture ?? 'amd64',
    machineID: c.machineID ?? hexId(c.nodeName, 1),
    systemUUID: c.systemUUID ?? uuidForm(hexId(c.nodeName, 2)),
    bootID: c.bootID ?? uuidForm(hexId(c.nodeName, 3)),
    kubeletPort: c.kubeletPort ?? DEFAULT_KUBELET_PORT,
    kubeReserved: c.kubeReserved ?? {},
    systemReserved: c.systemReserved ?? {},
    evictionHard: { ...DEFAULT_EVICTION_HARD, ...c.evictionHard },
    extraLabels: c.extraLabels ?? {},
    registerWithTaints: c.registerWithTaints ?? [],
    externalCloudProvider: c.externalCloudProvider ?? false,
  };
}
