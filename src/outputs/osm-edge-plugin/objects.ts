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

const LABELS = { 'app.kubernetes.io/managed-by': 'pipyc' };
const NAMESPACE_LABEL = 'kubernetes.io/metadata.name';

export function pluginObject(name: string, script: string, annotations: Record<string, string>): KubernetesObject {
  return {
    apiVersion: PLUGIN_API,
    kind: 'Plugin',
    metadata: { name, labels: LABELS, annotations },
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
): KubernetesObject {
  const namespaceSelector =
    pods.kind === 'namespace'
      ? { matchLabels: { [NAMESPACE_LABEL]: pods.namespace } }
      : { matchExpressions: [{ key: NAMESPACE_LABEL, operator: 'NotIn', values: pods.except }] };
  return {
    apiVersion: PLUGIN_API,
    kind: 'PluginChain',
    metadata: { name, namespace, labels: LABELS },
    spec: { chains: chains.map((chain) => ({ name: chain, plugins: [plugin] })), selectors: { namespaceSelector } },
  };
}

/** Bytes of one object as the API server stores it (its JSON), which etcd bounds. */
export function objectBytes(object: KubernetesObject): number {
  return Buffer.byteLength(JSON.stringify(object), 'utf8');
}
