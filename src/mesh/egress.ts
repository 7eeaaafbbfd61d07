import type { EgressPolicy, HttpMatch, PolicyPort, PolicyProtocol } from '../sidecar-spec/types.js';
import { isPlainObject } from '../util/plain-object.js';
import { DNS_LABEL, DNS_SUBDOMAIN } from './load-objects.js';
import type { ObjectReader } from './object-reader.js';
import { EGRESS_API, objectKey, type Identity, type MeshObject, type ObjectRef } from './objects.js';
import { routeGroupMatches, type FieldOrigin } from './route-groups.js';

const ROUTE_GROUP_API = 'specs.smi-spec.io/v1alpha4';
/** The policy API of the Egress's own mesh (osm-edge's or fsm's), where its UpstreamTrafficSetting lives too. */
const POLICY_APIS: readonly string[] = Object.values(EGRESS_API);

/**
 * The port protocols osm-edge's Egress API takes (its CRD's and its controller's list, read case-insensitively); each is
 * a spec protocol of the same meaning. A protocol the spec gains does not become one an Egress may name.
 */
const EGRESS_PROTOCOLS = ['http', 'https', 'tcp', 'tcp-server-first'] as const satisfies readonly PolicyProtocol[];

export interface ResolvedPolicy {
  policy: EgressPolicy;
  egress: ObjectRef;
  routeGroups: ObjectRef[];
  origins: FieldOrigin[];
}

/** The ServiceAccounts an Egress names as sources (each checked: kind ServiceAccount, a namespace and a name). */
export function egressSources(read: ObjectReader): Identity[] {
  return read.list(['spec', 'sources'], true).flatMap((source, i): Identity[] => {
    const at = ['spec', 'sources', i];
    if (!isPlainObject(source))
      return (read.error('PIPYC7003', at, `spec.sources[${i}] must be a map with kind, name and namespace`), []);
    const kind = read.string([...at, 'kind'], true);
    const name = read.string([...at, 'name'], true);
    const namespace = read.string([...at, 'namespace'], true);
    if (kind !== undefined && kind !== 'ServiceAccount')
      read.error(
        'PIPYC7003',
        [...at, 'kind'],
        `spec.sources[${i}].kind must be ServiceAccount, not ${JSON.stringify(kind)}`,
      );
    if (name !== undefined && !DNS_SUBDOMAIN.test(name))
      read.error(
        'PIPYC7003',
        [...at, 'name'],
        `spec.sources[${i}].name ${JSON.stringify(name)} is not a ServiceAccount name`,
      );
    if (namespace !== undefined && !DNS_LABEL.test(namespace))
      read.error(
        'PIPYC7003',
        [...at, 'namespace'],
        `spec.sources[${i}].namespace ${JSON.stringify(namespace)} is not a namespace name`,
      );
    if (source.mtls !== undefined && source.mtls !== null) {
      read.warn(
        'PIPYC7008',
        [...at, 'mtls'],
        "source mTLS (TLS origination by the sidecar) is not supported: the sidecar forwards the application's own bytes",
      );
    }
    return kind === 'ServiceAccount' && name && namespace ? [{ namespace, name }] : [];
  });
}

/**
 * One Egress as one spec policy named `<namespace>.<name>`. Protocols are read case-insensitively and must be one of
 * http, https, tcp, tcp-server-first (osm-edge drops others without a word); route groups are looked up in the
 * Egress's own namespace and must exist.
 */
export function egressPolicy(read: ObjectReader, routeGroups: ReadonlyMap<string, MeshObject>): ResolvedPolicy {
  const { ref } = read.object;
  const origins: FieldOrigin[] = [
    { at: [], object: read.object, from: [] },
    { at: ['Name'], object: read.object, from: ['metadata', 'name'] },
  ];
  const from = (at: (string | number)[], path: (string | number)[]) =>
    origins.push({ at, object: read.object, from: path });
  read.map(['spec']);
  const policy: EgressPolicy = { Name: `${ref.namespace}.${ref.name}`, Ports: [] };
  const hosts = read.strings(['spec', 'hosts']);
  if (hosts.length > 0) {
    policy.Hosts = hosts;
    from(['Hosts'], ['spec', 'hosts']);
    hosts.forEach((_, k) => from(['Hosts', k], ['spec', 'hosts', k]));
  }
  const addresses = read.strings(['spec', 'ipAddresses']);
  if (addresses.length > 0) {
    policy.IPAddresses = addresses;
    from(['IPAddresses'], ['spec', 'ipAddresses']);
    addresses.forEach((_, k) => from(['IPAddresses', k], ['spec', 'ipAddresses', k]));
  }
  from(['Ports'], ['spec', 'ports']);
  policy.Ports = egressPorts(read, from);
  const { matches, routeGroups: used } = egressMatches(read, routeGroups, origins);
  if (matches.length > 0) {
    if (policy.Ports.some((p) => p.Protocol === 'http')) {
      policy.Matches = matches;
      from(['Matches'], ['spec', 'matches']);
    } else
      read.warn(
        'PIPYC7014',
        ['spec', 'matches'],
        'HTTP route matches apply to http ports only, and this Egress has none: they are ignored (as in osm-edge)',
      );
  }
  if (hosts.length === 0 && policy.Ports.some((p) => p.Protocol === 'http' || p.Protocol === 'https')) {
    read.warn(
      'PIPYC7014',
      ['spec', 'ports'],
      'http/https ports without hosts: osm-edge lets nothing through here; pipyc allows any host name on these ports (restricted by ipAddresses when given)',
      'list the hosts the workload may reach',
    );
  }
  const { Name, Hosts, IPAddresses, Ports, Matches } = policy;
  const ordered: EgressPolicy = {
    Name,
    ...(Hosts && { Hosts }),
    ...(IPAddresses && { IPAddresses }),
    Ports,
    ...(Matches && { Matches }),
  };
  return { policy: ordered, egress: ref, routeGroups: used, origins };
}

/**
 * `spec.ports`: each a number and a protocol, read case-insensitively; a protocol pipyc does not know is an error
 * (osm-edge drops the port without a word).
 */
function egressPorts(
  read: ObjectReader,
  from: (at: (string | number)[], path: (string | number)[]) => void,
): PolicyPort[] {
  const ports: PolicyPort[] = [];
  read.list(['spec', 'ports'], true).forEach((entry, i) => {
    const at = ['spec', 'ports', i];
    if (!isPlainObject(entry))
      return read.error('PIPYC7003', at, `spec.ports[${i}] must be a map with number and protocol`);
    const number = read.integer([...at, 'number'], 1, 65535, true);
    const protocol = read.string([...at, 'protocol'], true);
    if (number === undefined || protocol === undefined) return;
    const lower = protocol.toLowerCase();
    if (!(EGRESS_PROTOCOLS as readonly string[]).includes(lower)) {
      return read.error(
        'PIPYC7007',
        [...at, 'protocol'],
        `spec.ports[${i}].protocol ${JSON.stringify(protocol)} is not one of ${EGRESS_PROTOCOLS.join(', ')} (osm-edge would drop this port without a word)`,
        lower === 'grpc' ? 'gRPC runs over HTTP/2: use http (h2c) or https (TLS)' : undefined,
      );
    }
    from(['Ports', ports.length], at);
    from(['Ports', ports.length, 'Number'], [...at, 'number']);
    from(['Ports', ports.length, 'Protocol'], [...at, 'protocol']);
    ports.push({ Number: number, Protocol: lower as PolicyProtocol });
  });
  return ports;
}

/**
 * `spec.matches`: HTTPRouteGroups in the Egress's own namespace (which must exist), each of their matches one spec
 * match; an UpstreamTrafficSetting is reported and ignored.
 */
function egressMatches(
  read: ObjectReader,
  routeGroups: ReadonlyMap<string, MeshObject>,
  origins: FieldOrigin[],
): { matches: HttpMatch[]; routeGroups: ObjectRef[] } {
  const { ref } = read.object;
  const used: ObjectRef[] = [];
  const matches: HttpMatch[] = [];
  read.list(['spec', 'matches']).forEach((entry, i) => {
    const at = ['spec', 'matches', i];
    if (!isPlainObject(entry))
      return read.error('PIPYC7003', at, `spec.matches[${i}] must be a map with apiGroup, kind and name`);
    const apiGroup = read.string([...at, 'apiGroup']);
    const kind = read.string([...at, 'kind'], true);
    const name = read.string([...at, 'name'], true);
    if (kind === undefined || name === undefined) return;
    if (kind === 'UpstreamTrafficSetting' && apiGroup !== undefined && POLICY_APIS.includes(apiGroup)) {
      return read.warn(
        'PIPYC7008',
        at,
        `UpstreamTrafficSetting ${ref.namespace}/${name} is not supported (connection limits, retries): ignored`,
      );
    }
    if (kind !== 'HTTPRouteGroup' || apiGroup !== ROUTE_GROUP_API) {
      return read.error(
        'PIPYC7003',
        at,
        `spec.matches[${i}] must refer to an HTTPRouteGroup (apiGroup ${ROUTE_GROUP_API}) or an UpstreamTrafficSetting (apiGroup ${POLICY_APIS.join(' or ')}), not ${kind} in ${JSON.stringify(apiGroup ?? null)}`,
      );
    }
    const group = routeGroups.get(objectKey({ kind: 'HTTPRouteGroup', namespace: ref.namespace, name }));
    if (!group) {
      return read.error(
        'PIPYC7006',
        [...at, 'name'],
        `HTTPRouteGroup ${ref.namespace}/${name} is not among the objects`,
        "route groups are looked up in the Egress's own namespace; pass it too (kubectl get httproutegroup -A -o yaml)",
      );
    }
    used.push(group.ref);
    for (const resolved of routeGroupMatches(read.other(group))) {
      const index = matches.length;
      matches.push(resolved.match);
      origins.push({ at: ['Matches', index], object: group, from: [] });
      for (const o of resolved.origins) origins.push({ ...o, at: ['Matches', index, ...o.at] });
    }
  });
  return { matches, routeGroups: used };
}
