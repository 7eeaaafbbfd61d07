// The sidecars the runtime benchmark compares, each written into its own codebase directory.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type EgressPolicy, type SidecarSpec, type Target } from '../../src/index.js';
import { HTTP_HOST, HTTP_PORT, SIDECAR_PORT, TLS_HOST, TLS_PORT, UPSTREAM_IP } from './lab.js';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { httpEgressConfig } from '../../lab/osm-edge-config.js';

export interface Codebase {
  dir: string;
  entry: string;
  args: string[];
}

/** The minimal L4 passthrough: listen, kick the pipeline, connect to the original destination. Nothing decided. */
export const MINIMAL_L4 = `pipy({ _target: '' })
.listen(${SIDECAR_PORT}, { transparent: true })
.onStart(() => (_target = __inbound.destinationAddress + ':' + __inbound.destinationPort, new Data))
.connect(() => _target)
`;

/** The one-policy spec: OSM_EDGE_HTTP_EGRESS says the same in osm-edge's terms. */
export const HTTP_POLICY: EgressPolicy = {
  Name: `httpbin-${HTTP_PORT}`,
  Hosts: [HTTP_HOST],
  Ports: [{ Number: HTTP_PORT, Protocol: 'http' }],
  Matches: [{ Path: '/get', PathType: 'Exact', Methods: ['GET'] }],
};

const TLS_POLICY: EgressPolicy = { Name: 'secure', Hosts: [TLS_HOST], Ports: [{ Number: TLS_PORT, Protocol: 'https' }] };
const TCP_POLICY: EgressPolicy = { Name: 'upstream-cidr', IPAddresses: [`${UPSTREAM_IP}/32`], Ports: [{ Number: HTTP_PORT, Protocol: 'tcp' }] };

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
  httpMetrics: { ...spec([HTTP_POLICY]), Spec: { SidecarLogLevel: 'error', Metrics: { Port: 15010 }, Traffic: { EnableEgress: false } } },
  tcpMetrics: { ...spec([TCP_POLICY]), Spec: { SidecarLogLevel: 'error', Metrics: { Port: 15010 }, Traffic: { EnableEgress: false } } },
  /** 10,000 generated policies of every kind plus the one the benchmark's request is allowed by. */
  http10k: spec([...largePolicies(10_000), HTTP_POLICY]),
} satisfies Record<string, SidecarSpec>;

function largePolicies(n: number): EgressPolicy[] {
  const text = execFileSync(process.execPath, ['scripts/make-large-spec.mjs', String(n)], { encoding: 'utf8', maxBuffer: 1 << 26 });
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

/** HTTP_POLICY as osm-edge's controller writes it into a sidecar's config.json. */
export const OSM_EDGE_HTTP_EGRESS = httpEgressConfig({ host: HTTP_HOST, port: HTTP_PORT, path: '/get', method: 'GET' });

/** osm-edge's stock codebase with a config.json of its controller's (OSM_EDGE_HTTP_EGRESS for the one-policy row). */
export function writeOsmEdge(root: string, source: string, config: object): Codebase {
  const dir = join(root, 'osm-edge');
  cpSync(source, dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 1));
  return { dir, entry: 'main.js', args: ['--admin-port-off', '--log-level=error'] };
}
