import type { SourcePosition } from '../diagnostics/diagnostic.js';
import { compareText } from '../util/compare.js';

/** The Egress API each mesh serves (what `pipyc learn` writes for it). */
export const EGRESS_API = {
  'osm-edge': 'policy.openservicemesh.io/v1alpha1',
  fsm: 'policy.flomesh.io/v1alpha1',
} as const satisfies Record<MeshFlavour, string>;

/**
 * The Kubernetes kinds pipyc reads, with the apiVersions served for each: osm-edge's and fsm's (its successor, the
 * same kinds in groups of its own), and Namespaces and ServiceAccounts for their pipyc.io/egress-mode annotation
 * (src/mesh/egress-mode.ts).
 */
export const KNOWN_KINDS = {
  MeshConfig: [
    'config.openservicemesh.io/v1alpha2',
    'config.openservicemesh.io/v1alpha1',
    'config.flomesh.io/v1alpha3',
    'config.flomesh.io/v1alpha2',
    'config.flomesh.io/v1alpha1',
  ],
  Egress: [EGRESS_API['osm-edge'], EGRESS_API.fsm],
  HTTPRouteGroup: ['specs.smi-spec.io/v1alpha4'],
  Namespace: ['v1'],
  ServiceAccount: ['v1'],
} as const;
export type KnownKind = keyof typeof KNOWN_KINDS;

/** The meshes whose objects pipyc reads, told apart by their API groups. */
export type MeshFlavour = 'osm-edge' | 'fsm';

/** The API groups only one mesh's objects are in (HTTPRouteGroup, Namespace and ServiceAccount are every mesh's). */
export const MESH_GROUPS: Readonly<Record<MeshFlavour, readonly string[]>> = {
  'osm-edge': ['config.openservicemesh.io', 'policy.openservicemesh.io'],
  fsm: ['config.flomesh.io', 'policy.flomesh.io'],
};

/** The mesh an apiVersion belongs to, or undefined for a kind every mesh shares. */
export function flavourOf(apiVersion: string): MeshFlavour | undefined {
  const group = apiVersion.slice(0, apiVersion.indexOf('/'));
  return (Object.keys(MESH_GROUPS) as MeshFlavour[]).find((f) => MESH_GROUPS[f].includes(group));
}

/** Where each mesh installs its own objects (its MeshConfig) by default. */
export const MESH_NAMESPACES: Readonly<Record<MeshFlavour, string>> = { 'osm-edge': 'osm-system', fsm: 'fsm-system' };

/** Kinds that change what osm-edge's sidecars do with egress but that pipyc does not carry out (reported, not used). */
export const UNSUPPORTED_EGRESS_KINDS: Readonly<Record<string, string>> = {
  EgressGateway: 'egress gateways are not supported: allowed traffic goes straight to its original destination',
};

/** Names one object: what the manifest records and every message names (a Namespace's namespace is its name). */
export interface ObjectRef {
  kind: KnownKind;
  namespace: string;
  name: string;
  resourceVersion?: string;
}

/** A path inside an object, e.g. ['spec', 'ports', 0, 'protocol']. */
export type ObjectPath = readonly (string | number)[];

export interface MeshObject {
  ref: ObjectRef;
  apiVersion: string;
  /** The object as plain JSON data (not yet checked beyond apiVersion, kind and metadata). */
  value: Record<string, unknown>;
  /** Where a field of this object was written: file, line and column (undefined for objects made in memory). */
  locate: (path: ObjectPath) => SourcePosition | undefined;
}

export interface LoadedObjects {
  objects: MeshObject[];
  /** Objects of kinds pipyc does not read, counted by kind. */
  skipped: Record<string, number>;
}

/** `Egress curl/httpbin-80` */
export function objectLabel(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return ref.kind === 'Namespace' ? `Namespace ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}

export function objectKey(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind}\u0000${ref.namespace}\u0000${ref.name}`;
}

/** A ServiceAccount, as Egress sources name it. */
export interface Identity {
  namespace: string;
  name: string;
}

export function identityLabel(identity: Identity): string {
  return `${identity.namespace}/${identity.name}`;
}

export function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return compareText(a.kind, b.kind) || compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}
