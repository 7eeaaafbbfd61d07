// The sidecars the runtime benchmark compares, each written into its own codebase directory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compile, type EgressPolicy, type SidecarSpec, type Target } from '../../src/index.js';
import {
  DNS_SERVER_IP,
  DNS_ZONE,
  HTTP_HOST,
  HTTP_PORT,
  SIDECAR_PORT,
  TLS_HOST,
  TLS_PORT,
  UPSTREAM_IP,
  type BenchLab,
} from './lab.js';
import { locatePipy } from '../../src/verify/pipy-binary.js';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { httpEgressConfig, type MeshService, type MountedPlugin } from '../../lab/osm-edge-config.js';
import { type SidecarMesh, writeMeshCodebase } from '../../lab/mesh-codebase.js';
import { osmEdgePluginScript } from '../../src/compile/compile-osm-edge-plugin.js';
import { PLUGIN_PRIORITY } from '../../src/outputs/osm-edge-plugin/objects.js';

export interface Codebase {
  dir: string;
  entry: string;
  args: string[];
  /** The sidecar's environment (osm-edge's injector sets the pod's identity). */
  env?: Record<string, string>;
  /** Served from the pod's Pipy repo under this path, and loaded from its URL instead of `entry`. */
  repo?: string;
  /** Names the sidecar's DNS proxy is asked once it runs, before it is measured (what a name-based policy needs). */
  resolve?: string[];
}

export function fromRepo(codebase: Codebase): Codebase {
  return { ...codebase, repo: `/bench/${basename(codebase.dir)}` };
}

/** Where the sidecar starts from: the codebase's entry file, or its repo URL once published there. */
export async function entryOf(lab: BenchLab, codebase: Codebase): Promise<string> {
  return codebase.repo === undefined ? codebase.entry : lab.publishToRepo(locatePipy()!, codebase.dir, codebase.repo);
}

/** The minimal L4 passthrough: listen, kick the pipeline, connect to the original destination. Nothing decided. */
export const MINIMAL_L4 = `pipy({ _target: '' })
.listen(${SIDECAR_PORT}, { transparent: true })
.onStart(() => (_target = __inbound.destinationAddress + ':' + __inbound.destinationPort, new Data))
.connect(() => _target)
`;

/** A UDP forwarder with nothing decided: every datagram to the resolver and back, the floor of any DNS proxy on Pipy. */
export const MINIMAL_DNS = `${MINIMAL_L4.trimEnd()}
.listen('127.0.0.153:5300', { protocol: 'udp', idleTimeout: 10 })
.connect('${DNS_SERVER_IP}:53', { protocol: 'udp' })
`;

/**
 * The minimal HTTP proxy: each request parsed and sent on to its original destination over a pool of upstream
 * connections, nothing decided. The floor of any sidecar that looks at HTTP on this Pipy.
 */
export const MINIMAL_HTTP = `pipy({ _target: '' })
.listen(${SIDECAR_PORT}, { transparent: true })
.onStart(() => void (_target = __inbound.destinationAddress + ':' + __inbound.destinationPort))
.demuxHTTP().to($=>$
  .muxHTTP(() => _target).to($=>$
    .connect(() => _target)
  )
)
`;

/**
 * The floor of an HTTP sidecar that refuses by protocol and decides each request: the minimal HTTP proxy plus what
 * any such sidecar must add, the protocol detected per connection (a port may see other protocols, which are
 * refused) and a branch per request, here on a constant, so nothing is decided. Against it, what the 1 HTTP policy
 * row costs above is pipyc's decision itself; against the minimal HTTP proxy, what detecting and branching cost.
 */
export const DECIDING_HTTP_FLOOR = `pipy({ _target: '', _proto: '' })
.listen(${SIDECAR_PORT}, { transparent: true })
.onStart(() => (_target = __inbound.destinationAddress + ':' + __inbound.destinationPort, new Data))
.detectProtocol(p => void (_proto = p), { timeout: 5 })
.branch(
  () => _proto === 'HTTP', $=>$.demuxHTTP().to($=>$
    .branchMessageStart(
      () => true, $=>$.muxHTTP(() => _target).to($=>$
        .connect(() => _target)
      ),
      $=>$.replaceMessage(new Message({ status: 403 }))
    )
  ),
  () => _proto !== '', $=>$.replaceStreamStart(new StreamEnd('ConnectionReset'))
)
`;

/** The one-policy spec: OSM_EDGE_HTTP_EGRESS says the same in osm-edge's terms. */
export const HTTP_POLICY: EgressPolicy = {
  Name: `httpbin-${HTTP_PORT}`,
  Hosts: [HTTP_HOST],
  Ports: [{ Number: HTTP_PORT, Protocol: 'http' }],
  Matches: [{ Path: '/get', PathType: 'Exact', Methods: ['GET'] }],
};

const TLS_POLICY: EgressPolicy = {
  Name: 'secure',
  Hosts: [TLS_HOST],
  Ports: [{ Number: TLS_PORT, Protocol: 'https' }],
};
const TCP_POLICY: EgressPolicy = {
  Name: 'upstream-cidr',
  IPAddresses: [`${UPSTREAM_IP}/32`],
  Ports: [{ Number: HTTP_PORT, Protocol: 'tcp' }],
};
/** The TCP policy by name: the sidecar's DNS proxy must have resolved TCP_NAME to the upstream first. */
export const TCP_NAME = `tcp.${DNS_ZONE}`;
const TCP_NAME_POLICY: EgressPolicy = {
  Name: 'upstream-by-name',
  Hosts: [TCP_NAME],
  Ports: [{ Number: HTTP_PORT, Protocol: 'tcp' }],
};
/** The DNS proxy's queries go to the upstream namespace's dnsmasq; every name of the zone may be learned. */
const DNS_PROXY = { Upstream: DNS_SERVER_IP };
const DNS_ZONE_POLICY: EgressPolicy = {
  Name: 'zone',
  Hosts: [`*.${DNS_ZONE}`],
  Ports: [{ Number: HTTP_PORT, Protocol: 'tcp' }],
};

const spec = (policies: EgressPolicy[], enableEgress = false): SidecarSpec => ({
  Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: enableEgress } },
  EgressPolicies: policies,
});

export const PIPYC_SPECS = {
  passthrough: spec([], true),
  http: spec([HTTP_POLICY]),
  tls: spec([TLS_POLICY]),
  tcp: spec([TCP_POLICY]),
  /** The one HTTP policy with Prometheus metrics on (its port is never the benchmark's). */
  httpMetrics: {
    ...spec([HTTP_POLICY]),
    Spec: { SidecarLogLevel: 'error', Metrics: { Port: 15010 }, Traffic: { EnableEgress: false } },
  },
  tcpMetrics: {
    ...spec([TCP_POLICY]),
    Spec: { SidecarLogLevel: 'error', Metrics: { Port: 15010 }, Traffic: { EnableEgress: false } },
  },
  /** 10,000 generated policies of every kind plus the one the benchmark's request is allowed by. */
  http10k: spec([...largePolicies(10_000), HTTP_POLICY]),
  tcpName: {
    Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: false, DNS: DNS_PROXY } },
    EgressPolicies: [TCP_NAME_POLICY],
  },
  /** The DNS proxy learning every name it is asked (all under a wildcard a tcp policy allows). */
  dnsLearning: {
    Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: false, DNS: DNS_PROXY } },
    EgressPolicies: [DNS_ZONE_POLICY],
  },
} satisfies Record<string, SidecarSpec>;

function largePolicies(n: number): EgressPolicy[] {
  const text = execFileSync(process.execPath, ['scripts/make-large-spec.mjs', String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return (parse(text) as SidecarSpec).EgressPolicies ?? [];
}

export function writeScript(root: string, name: string, script: string): Codebase {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'main.js'), script);
  return { dir, entry: 'main.js', args: ['--admin-port-off', '--log-level=error'] };
}

/** Compiles a spec; Pipy runs with the argv the manifest recommends. */
export function writeCompiled(root: string, name: string, s: SidecarSpec, target: Target): Codebase {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const result = compile(s, { target });
  for (const f of result.files) writeFileSync(join(dir, f.path), f.contents);
  const argv = result.manifest.pipy.argv;
  return { dir, entry: result.manifest.entry, args: ['--admin-port-off', ...argv.slice(1, -1)] };
}

/** HTTP_POLICY as osm-edge's controller writes it into a sidecar's config.json (fsm's: asFsmConfig of it). */
export const OSM_EDGE_HTTP_EGRESS = httpEgressConfig({ host: HTTP_HOST, port: HTTP_PORT, path: '/get', method: 'GET' });

/** The benchmark pod's identity, as osm-edge's and fsm's injectors give it to the sidecar. */
const POD_IDENTITY = 'bench/app';
const POD_ENV = { SERVICE_ACCOUNT: 'app', POD_NAMESPACE: 'bench', POD_IP: '192.0.2.1' };
const PLUGIN_NAME = 'pipyc-egress.bench';

/** The one HTTP policy as a pipyc plugin for the benchmark pod's identity (every other identity refused). */
export function httpPolicyPlugin(target: Target, mesh: SidecarMesh = 'osm-edge'): string {
  return osmEdgePluginScript({
    name: PLUGIN_NAME,
    identities: [{ identity: POD_IDENTITY, spec: PIPYC_SPECS.http }],
    fallback: { Spec: { SidecarLogLevel: 'error' } },
    target,
    mesh,
  });
}

/**
 * A mesh's sidecar as its controller sets a pod up: its stock scripts, the pod's config (in-mesh services, egress on
 * or off, or its own egress policy; for fsm in fsm's shape, gzipped), and the pipyc plugin mounted on outbound-tcp
 * when given; the sidecar gets the pod's identity.
 */
export function writeMeshPod(
  root: string,
  name: string,
  mesh: SidecarMesh,
  source: string,
  config: object,
  plugin: string | null,
): Codebase {
  const dir = writeMeshCodebase(
    mesh,
    join(root, name),
    source,
    config,
    POD_IDENTITY,
    plugin === null ? {} : { [PLUGIN_NAME]: plugin },
  );
  return { dir, entry: 'main.js', args: ['--admin-port-off', '--log-level=error'], env: POD_ENV };
}

/** The pod's in-mesh services (the upstream as osm-edge would route it) and the plugin as a PluginChain mounts it. */
export const MESH_HTTP: MeshService[] = [{ kind: 'http', host: HTTP_HOST, ip: UPSTREAM_IP, port: HTTP_PORT }];
export const MESH_TCP: MeshService[] = [{ kind: 'tcp', name: 'upstream.bench', ip: UPSTREAM_IP, port: HTTP_PORT }];
export const MOUNTED: MountedPlugin[] = [{ name: PLUGIN_NAME, priority: PLUGIN_PRIORITY, chains: ['outbound-tcp'] }];
