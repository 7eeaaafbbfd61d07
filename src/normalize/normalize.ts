import type { EgressModel } from '../explain/decide.js';
import type { EgressIR, IpTableIR, PolicyTablesIR, SidecarIR } from '../ir/types.js';
import { formatHostPattern } from '../policy/host-pattern.js';
import { normalizePolicies } from '../policy/normalize-policies.js';
import type { NormalizedPolicy } from '../policy/types.js';
import { formatCidr } from '../net/ip.js';
import type { EgressPolicy, HttpMatch, SidecarSpec } from '../spec/types.js';
import type { ValidSpec } from '../validate/validate.js';
import type { ParsedValues } from '../policy/parsed-values.js';
import { canonicalCidrs } from './canonical-cidrs.js';
import { buildIpTable, hasIpEntries, ipTableUsesV6 } from './ip-table.js';
import { normalizeLogging } from './logging.js';
import { buildPolicyTables } from './policy-tables.js';

export const DEFAULT_OUTBOUND_PORT = 15001;
/** Seconds a sniffed port waits for the client's first bytes before falling back to its tcp rules. */
export const SNIFF_TIMEOUT_SECONDS = 5;
/** Bytes a TLS client may send before its ClientHello is complete; beyond that the connection is reset. */
export const MAX_CLIENT_HELLO_BYTES = 65536;

export interface Normalized {
  /** The spec with every default filled in and every value in canonical form; hashed into the manifest. */
  spec: SidecarSpec;
  /** What explain() decides on. */
  model: EgressModel;
  ir: SidecarIR;
}

/** Pure: a valid spec (with what validation parsed of it) in, its canonical form, the decision model and the IR out. */
export function normalize(valid: ValidSpec, values: ParsedValues): Normalized {
  const traffic = valid.Spec.Traffic ?? {};
  const logLevel = valid.Spec.SidecarLogLevel ?? 'error';
  const timeout = valid.Spec.SidecarTimeout ?? 0;
  const mesh = canonicalCidrs(traffic.MeshCIDRs ?? [], values);
  const port = traffic.OutboundPort ?? DEFAULT_OUTBOUND_PORT;
  const enableEgress = traffic.EnableEgress ?? false;
  const policies = normalizePolicies(valid.EgressPolicies ?? [], values);
  const logging = normalizeLogging(logLevel);

  const meshTable: IpTableIR<true> | null =
    mesh.length === 0 ? null : buildIpTable(mesh.map((c) => ({ cidrs: [c.cidr], value: true as const })), () => true as const);
  const egress = egressIR(policies, enableEgress, logging.kind !== 'none');
  const tables = egress.tables;
  const ipTables = [...(meshTable ? [meshTable] : []), ...(tables ? allIpTables(tables) : [])];
  const rules = tables?.httpRules.flatMap((r) => r.matches ?? []) ?? [];
  const http = tables !== null && tables.classes.some((c) => c.http !== null);
  const tls = tables !== null && tables.classes.some((c) => c.tls !== null);
  const sniff = egress.kind === 'policies' && (http || tls);
  const verdicts = logging.kind !== 'none' || sniff;

  const ir: SidecarIR = {
    kind: 'sidecar',
    listener: { port },
    logging,
    upstream: {
      timeouts: timeout > 0 ? { connectTimeout: timeout, readTimeout: timeout, writeTimeout: timeout, idleTimeout: timeout } : null,
    },
    mesh: meshTable,
    egress,
    uses: {
      ipv6: ipTables.some(ipTableUsesV6),
      ipProbe: ipTables.some(hasIpEntries),
      tableLookup: meshTable !== null || tables !== null,
      l4: tables !== null && tables.classes.some((c) => c.l4 !== null),
      sniff,
      verdicts,
      decide: verdicts || egress.kind !== 'passthrough' || meshTable !== null,
      http,
      tls,
      regexPath: rules.some((m) => m.path?.type === 'regex'),
      headerMatch: rules.some((m) => m.headers.length > 0),
    },
  };
  // Keys in sorted order at every level: the canonical JSON of the spec (hashed into the manifest) needs no copy.
  const spec: SidecarSpec = {
    EgressPolicies: policies.map(canonicalPolicy),
    Spec: {
      SidecarLogLevel: logLevel,
      SidecarTimeout: timeout,
      Traffic: { EnableEgress: enableEgress, MeshCIDRs: mesh.map((c) => c.text), OutboundPort: port },
    },
  };
  return { spec, model: { meshCidrs: mesh.map((c) => c.cidr), enableEgress, policies }, ir };
}

function egressIR(policies: NormalizedPolicy[], enableEgress: boolean, logging: boolean): EgressIR {
  if (enableEgress) return { kind: 'passthrough', tables: logging && policies.length > 0 ? buildPolicyTables(policies, true) : null };
  if (policies.length === 0) return { kind: 'deny-all', tables: null };
  return { kind: 'policies', tables: buildPolicyTables(policies, false), sniffTimeout: SNIFF_TIMEOUT_SECONDS, maxClientHelloBytes: MAX_CLIENT_HELLO_BYTES };
}

function allIpTables(tables: PolicyTablesIR): IpTableIR<unknown>[] {
  return tables.classes.flatMap((c) => [
    ...(c.l4 ? [c.l4] : []),
    ...[c.tls, c.http].flatMap((h): IpTableIR<unknown>[] => (h === null ? [] : [...h.exact, ...h.suffix].map(([, t]) => t as IpTableIR<unknown>).concat(h.any ?? [], h.unnamed ?? []))),
  ]);
}

function canonicalPolicy(p: NormalizedPolicy): EgressPolicy {
  const out: Partial<EgressPolicy> = {};
  if (p.hosts) out.Hosts = p.hosts.map(formatHostPattern);
  if (p.cidrs) out.IPAddresses = p.cidrs.map((c) => formatCidr(c));
  if (p.matches) out.Matches = p.matches.map(canonicalMatch);
  out.Name = p.name;
  out.Ports = p.ports.map((r) => (r.last !== r.first ? { EndPort: r.last, Number: r.first, Protocol: r.protocol } : { Number: r.first, Protocol: r.protocol }));
  return out as EgressPolicy;
}

function canonicalMatch(m: NonNullable<NormalizedPolicy['matches']>[number]): HttpMatch {
  const out: HttpMatch = {};
  if (m.headers.length > 0) out.Headers = Object.fromEntries(m.headers);
  if (m.methods) out.Methods = m.methods;
  if (m.path) {
    out.Path = m.path.value;
    out.PathType = m.path.type === 'exact' ? 'Exact' : m.path.type === 'prefix' ? 'Prefix' : 'RegularExpression';
  }
  return out;
}
