// What NodeVolumeLimits needs of csi-translation-lib (1.32): which in-tree volume plugins have a
// CSI driver, whether a node counts a plugin's volumes under that driver (isCSIMigrationOn: always
// for AWS EBS, GCE PD, Azure Disk and Cinder once the node has a CSINode; Portworx only when the
// CSINode's migrated-plugins annotation lists it; Azure File and vSphere never here), and the CSI
// volume handle an in-tree source translates to, which is what makes a volume unique on a node.

import type { PersistentVolume, Volume } from 'kubernetes-types/core/v1.d.ts';
import type { CSINode } from '../../../../protocols/kube/objects.ts';

export const MIGRATED_PLUGINS_ANNOTATION = 'storage.alpha.kubernetes.io/migrated-plugins';

type Source = Record<string, unknown> & { readOnly?: boolean };
type Translate = (source: Source, pv?: PersistentVolume) => { handle: string } | { error: string };

interface InTreePlugin {
  readonly plugin: string;
  readonly driver: string;
  /** The volume source field, the same on a Volume and a PV spec. */
  readonly field: string;
  /** How a node may count it: 'always' with a CSINode, 'annotated' when the CSINode lists it. */
  readonly migration: 'always' | 'annotated' | 'never';
  readonly translate?: Translate;
  /** The inline handle, where it differs from the PV's (GCE PD has no zone labels inline). */
  readonly translateInline?: Translate;
}

const UNSPECIFIED = 'UNSPECIFIED';
const ZONE = 'topology.kubernetes.io/zone';
const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';

/** KubernetesVolumeIDToEBSVolumeID: a bare "vol-…" ID, or "aws://<zone>/vol-…". */
function ebsVolumeID(id: string): { handle: string } | { error: string } {
  if (!id.startsWith('aws://')) return { handle: id };
  const rest = id.slice('aws://'.length);
  const slash = rest.indexOf('/');
  const awsID = (slash < 0 ? '' : rest.slice(slash)).replace(/^\/+|\/+$/g, '');
  if (!/^vol-[^/]*$/.test(awsID)) return { error: `failed to translate Kubernetes ID to EBS Volume ID Invalid format for AWS volume (${id})` };
  return { handle: awsID };
}

/** gceGetRegionFromZones: every zone "{locale}-{region}-{zone}", all in one region. */
function gceRegion(zones: readonly string[]): { region: string } | { error: string } {
  const regions = new Set<string>();
  for (const z of zones) {
    const parts = z.split('-');
    if (parts.length !== 3) return { error: `failed to get region from zones: zone in unexpected format, expected: {locale}-{region}-{zone}, got: ${z}` };
    regions.add(parts.slice(0, 2).join('-'));
  }
  if (regions.size !== 1) return { error: `failed to get region from zones: multiple or no regions gotten from zones, got: ${[...regions].join(',')}` };
  return { region: [...regions][0]! };
}

function gcePDHandle(source: Source, pv?: PersistentVolume): { handle: string } | { error: string } {
  const pd = String(source['pdName'] ?? '');
  const labels = pv?.metadata?.labels ?? {};
  const zones = (labels[BETA_ZONE] || labels[ZONE] || '').split('__');
  if (zones.length === 1 && zones[0] !== '') return { handle: `projects/${UNSPECIFIED}/zones/${zones[0]}/disks/${pd}` };
  if (zones.length > 1) {
    const r = gceRegion(zones);
    return 'error' in r ? r : { handle: `projects/${UNSPECIFIED}/regions/${r.region}/disks/${pd}` };
  }
  return { handle: `projects/${UNSPECIFIED}/zones/${UNSPECIFIED}/disks/${pd}` };
}

function azureDiskHandle(source: Source): { handle: string } | { error: string } {
  const kind = source['kind'] as string | undefined;
  if (kind !== undefined && kind.toLowerCase() !== 'managed') return { error: `kind(${kind}) is not supported in csi migration` };
  return { handle: String(source['diskURI'] ?? '') };
}

const byField = (field: string): Translate => (source) => ({ handle: String(source[field] ?? '') });

const PLUGINS: readonly InTreePlugin[] = [
  { plugin: 'kubernetes.io/gce-pd', driver: 'pd.csi.storage.gke.io', field: 'gcePersistentDisk', migration: 'always', translate: gcePDHandle, translateInline: (s) => gcePDHandle(s) },
  { plugin: 'kubernetes.io/aws-ebs', driver: 'ebs.csi.aws.com', field: 'awsElasticBlockStore', migration: 'always', translate: (s) => ebsVolumeID(String(s['volumeID'] ?? '')) },
  { plugin: 'kubernetes.io/cinder', driver: 'cinder.csi.openstack.org', field: 'cinder', migration: 'always', translate: byField('volumeID') },
  { plugin: 'kubernetes.io/azure-disk', driver: 'disk.csi.azure.com', field: 'azureDisk', migration: 'always', translate: azureDiskHandle },
  { plugin: 'kubernetes.io/azure-file', driver: 'file.csi.azure.com', field: 'azureFile', migration: 'never' },
  { plugin: 'kubernetes.io/vsphere-volume', driver: 'csi.vsphere.vmware.com', field: 'vsphereVolume', migration: 'never' },
  { plugin: 'kubernetes.io/portworx-volume', driver: 'pxd.portworx.com', field: 'portworxVolume', migration: 'annotated', translate: byField('volumeID') },
];

const sourceOf = (holder: unknown, field: string): Source | undefined => (holder as Record<string, Source | undefined>)[field] ?? undefined;

/** The in-tree plugin of a PV spec or an inline volume (CanSupport / CanSupportInline), if any. */
export const inTreePluginOf = (holder: PersistentVolume['spec'] | Volume | undefined): InTreePlugin | undefined =>
  holder === undefined ? undefined : PLUGINS.find((p) => sourceOf(holder, p.field) !== undefined);

/** IsMigratableIntreePluginByName and GetCSINameFromInTreeName in one. */
export const pluginByName = (name: string): InTreePlugin | undefined => PLUGINS.find((p) => p.plugin === name);

export function isCSIMigrationOn(csiNode: CSINode | undefined, plugin: InTreePlugin): boolean {
  if (csiNode === undefined) return false;
  if (plugin.migration !== 'annotated') return plugin.migration === 'always';
  const listed = csiNode.metadata?.annotations?.[MIGRATED_PLUGINS_ANNOTATION] ?? '';
  return listed.split(',').includes(plugin.plugin);
}

/** The CSI volume handle of an in-tree source (TranslateInTreePVToCSI / TranslateInTreeInlineVolumeToCSI). */
export function translate(plugin: InTreePlugin, holder: PersistentVolume['spec'] | Volume, pv?: PersistentVolume): { handle: string } | { error: string } {
  const source = sourceOf(holder, plugin.field)!;
  const fn = pv === undefined ? (plugin.translateInline ?? plugin.translate) : plugin.translate;
  if (fn === undefined) return { error: `no CSI translation for ${plugin.plugin}` };
  return fn(source, pv);
}
