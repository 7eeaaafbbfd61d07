import { createHash } from 'node:crypto';
import type { KubernetesObject } from '../family.js';

/** osm-edge's plugin API (cmd/osm-bootstrap/crds/plugin.yaml and plugin_chain.yaml in flomesh-io/osm-edge). */
const PLUGIN_API = 'plugin.flomesh.io/v1alpha1';

/**
 * The plugin's place in osm-edge's chains: above every built-in of outbound-tcp (routing 120), so it sees a
 * connection's first bytes; between routing (160) and metrics (150) on outbound-http, so it sees decoded requests.
 */
export const PLUGIN_PRIORITY = 155;

/** Which pods a PluginChain mounts its plugin on: one namespace, or every namespace but those listed. */
type PodsOf = { kind: 'namespace'; namespace: string } | { kind: 'other-namespaces'; except: string[] };

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'pipyc' };
const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

/**
 * The ApplySet (KEP-3659) every object belongs to, so that `kubectl apply --prune --applyset=<parent>` deletes what an
 * earlier apply made and this one does not (a namespace no Egress names any more, say). Its parent is the Secret
 * kubectl keeps in the mesh's namespace; kubectl labels the objects the same way itself, so the label here only makes
 * the membership visible before the first apply and to tools other than kubectl.
 */
export interface ApplySet {
  /** `--applyset=` of kubectl (a Secret, by name) and its `-n`. */
  parent: { name: string; namespace: string };
  /** applyset-<base64url(sha256(<name>.<namespace>.<Kind>.<group>))>-v1, the label value kubectl gives its members. */
  id: string;
}

const APPLYSET_PARENT = 'pipyc-egress';
const APPLYSET_LABEL = 'applyset.kubernetes.io/part-of';

export function applySetOf(meshNamespace: string): ApplySet {
  // The parent's group, "" for the core group's Secret, ends the hashed name.
  const hashed = createHash('sha256').update(`${APPLYSET_PARENT}.${meshNamespace}.Secret.`, 'utf8').digest('base64url');
  return { parent: { name: APPLYSET_PARENT, namespace: meshNamespace }, id: `applyset-${hashed}-v1` };
}

const labelsOf = (applySet: ApplySet) => ({ ...MANAGED_BY, [APPLYSET_LABEL]: applySet.id });

export function pluginObject(
  name: string,
  script: string,
  annotations: Record<string, string>,
  applySet: ApplySet,
): KubernetesObject {
  return {
    apiVersion: PLUGIN_API,
    kind: 'Plugin',
    metadata: { name, labels: labelsOf(applySet), annotations },
    spec: { priority: PLUGIN_PRIORITY, pipyscript: script },
  };
}

/**
 * The PluginChain that mounts a plugin. osm-edge matches a PluginChain's selectors against every meshed pod, wherever
 * the chain lives (pkg/sidecar/providers/pipy/repo/plugin.go, matchPluginChain), so the namespace is selected by its
 * name label, which Kubernetes sets on every namespace.
 */
export function pluginChainObject(
  name: string,
  namespace: string,
  plugin: string,
  chains: readonly string[],
  pods: PodsOf,
  applySet: ApplySet,
): KubernetesObject {
  const namespaceSelector =
    pods.kind === 'namespace'
      ? { matchLabels: { [NAMESPACE_LABEL]: pods.namespace } }
      : { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'NotIn', values: pods.except }] };
  return {
    apiVersion: PLUGIN_API,
    kind: 'PluginChain',
    metadata: { name, namespace, labels: labelsOf(applySet) },
    spec: { chains: chains.map((chain) => ({ name: chain, plugins: [plugin] })), selectors: { namespaceSelector } },
  };
}

/** Bytes of one object as the API server stores it (its JSON), which etcd bounds. */
export function objectBytes(object: KubernetesObject): number {
  return Buffer.byteLength(JSON.stringify(object), 'utf8');
}
