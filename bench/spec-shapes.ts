// Specs of 10,000 policies in the shapes users write, for `bench` (compile) and `bench:runtime` (the sidecar): the
// generated code must not be fast only for the shape scripts/make-large-spec.mjs happens to produce.
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import type { EgressPolicy, SidecarSpec } from '../src/index.js';
import { loadObjects } from '../src/mesh/load-objects.js';
import { resolveIdentity } from '../src/mesh/resolve-identity.js';
import { egressSpec, routeGroupSpec } from './mesh-objects.js';

export interface SpecShape {
  key: string;
  label: string;
  policies: (n: number) => EgressPolicy[];
}

const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;
const octets = (i: number) => `${(i >> 8) & 255}.${i & 255}`;

/** scripts/make-large-spec.mjs: every kind in turn, few Matches, one port per kind. */
function today(n: number): EgressPolicy[] {
  const text = execFileSync(process.execPath, ['scripts/make-large-spec.mjs', String(n)], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return (parse(text) as SidecarSpec).EgressPolicies ?? [];
}

/** http policies only: an exact and a wildcard Host each, a Matches entry (Prefix path + methods) each, on 50 ports. */
function httpHeavy(n: number): EgressPolicy[] {
  return Array.from({ length: n }, (_, i) => ({
    Name: name('h', i),
    Hosts: [`api${i}.example.com`, `*.svc${i}.example.org`],
    Ports: [{ Number: 8000 + (i % 50), Protocol: 'http' as const }],
    Matches: [{ Path: `/v${i % 7}/items/`, PathType: 'Prefix' as const, Methods: i % 2 ? ['GET', 'HEAD'] : ['POST'] }],
  }));
}

/** tcp policies only: thousands of distinct ports, a CIDR each, prefix lengths /24 to /32. */
function tcpHeavy(n: number): EgressPolicy[] {
  return Array.from({ length: n }, (_, i) => ({
    Name: name('t', i),
    IPAddresses: [`10.${octets(i)}.0/${24 + (i % 9)}`],
    Ports: [{ Number: 10000 + (i % 5000), Protocol: 'tcp' as const }],
  }));
}

/** https policies only: wildcard server names on a few ports. */
function httpsHeavy(n: number): EgressPolicy[] {
  return Array.from({ length: n }, (_, i) => ({
    Name: name('s', i),
    Hosts: [`*.tenant${i}.example.net`, `tenant${i}.example.net`],
    Ports: [{ Number: [443, 8443, 9443][i % 3]!, Protocol: 'https' as const }],
  }));
}

/** The shape issue 21 measured: a quarter each of http (Matches, 2 Hosts, 50 ports), https, tcp, tcp-server-first. */
function mixed(n: number): EgressPolicy[] {
  const quarter = Math.ceil(n / 4);
  return [
    ...httpHeavy(quarter),
    ...httpsHeavy(quarter),
    ...Array.from({ length: quarter }, (_, i) => ({
      Name: name('c', i),
      IPAddresses: [`172.16.${octets(i).split('.')[1]}.0/24`],
      Ports: [{ Number: 20000 + (i % 1000), Protocol: 'tcp' as const }],
    })),
    ...Array.from({ length: n - 3 * quarter }, (_, i) => ({
      Name: name('f', i),
      IPAddresses: [`192.168.${i % 256}.0/24`],
      Ports: [
        { Number: 30000 + (i % 100) * 10, EndPort: 30000 + (i % 100) * 10 + 5, Protocol: 'tcp-server-first' as const },
      ],
    })),
  ];
}

/** One ServiceAccount with n/10 Egress objects as bench:mesh writes them (bench/mesh-objects.ts), resolved. */
function osmEdgeObjects(n: number): EgressPolicy[] {
  const egresses = Math.ceil(n / 10);
  const items: unknown[] = [
    {
      apiVersion: 'config.openservicemesh.io/v1alpha2',
      kind: 'MeshConfig',
      metadata: { name: 'm', namespace: 'osm-system' },
      spec: { featureFlags: { enableEgressPolicy: true } },
    },
    {
      apiVersion: 'specs.smi-spec.io/v1alpha4',
      kind: 'HTTPRouteGroup',
      metadata: { name: 'routes', namespace: 'app' },
      spec: routeGroupSpec(),
    },
  ];
  for (let e = 0; e < egresses; e++) {
    items.push({
      apiVersion: 'policy.openservicemesh.io/v1alpha1',
      kind: 'Egress',
      metadata: { name: `egress-${e}`, namespace: 'app' },
      spec: {
        sources: [{ kind: 'ServiceAccount', name: 'app', namespace: 'app' }],
        ...egressSpec(e, 'app', 'routes', e),
      },
    });
  }
  const resolution = resolveIdentity(
    loadObjects([{ name: 'mesh.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items }) }]),
    'app/app',
    { meshCIDRs: ['10.0.0.0/8'] },
  );
  if (!resolution.spec) throw new Error(JSON.stringify(resolution.diagnostics.slice(0, 3)));
  return resolution.spec.EgressPolicies ?? [];
}

export const SPEC_SHAPES: SpecShape[] = [
  { key: 'today', label: 'make-large-spec.mjs (every kind in turn)', policies: today },
  { key: 'http-heavy', label: 'http: Matches on every policy, exact + wildcard Hosts, 50 ports', policies: httpHeavy },
  { key: 'tcp-heavy', label: 'tcp: 5,000 ports, CIDRs /24 to /32', policies: tcpHeavy },
  { key: 'https-heavy', label: 'https: wildcard + exact names, 3 ports', policies: httpsHeavy },
  { key: 'mixed', label: 'a quarter each: http (Matches), https, tcp, tcp-server-first', policies: mixed },
  {
    key: 'osm-edge',
    label: 'osm-edge objects: 1 identity, 1,000 Egress (policies as resolved)',
    policies: osmEdgeObjects,
  },
];

/** A shape's spec of `n` policies (the osm-edge shape: n/10 Egress objects), plus `extra` (the benchmark's own request). */
export function shapedSpec(shape: SpecShape, n: number, extra: EgressPolicy[] = []): SidecarSpec {
  return {
    Spec: { SidecarLogLevel: 'error', Traffic: { EnableEgress: false, MeshCIDRs: ['10.255.0.0/16'] } },
    EgressPolicies: [...shape.policies(n), ...extra],
  };
}
