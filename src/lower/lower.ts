import type { EgressIR, IpTableIR, PolicyTablesIR, SidecarIR } from '../ir/types.js';
import { ownPorts, type NormalizedPolicy, type SidecarModel } from '../normalize/model.js';
import { buildIpTable, hasIpEntries, ipTableUsesV6 } from './ip-table.js';
import { normalizeLogging } from './logging.js';
import { DEFAULT_TARGET, type Target } from '../spec/targets.js';
import { buildPolicyTables } from './policy-tables.js';

/** Seconds a sniffed port waits for the client's first bytes before falling back to its tcp rules. */
export const SNIFF_TIMEOUT_SECONDS = 5;
/** Bytes a TLS client may send before its ClientHello is complete; beyond that the connection is reset. */
export const MAX_CLIENT_HELLO_BYTES = 65536;

/**
 * Pure: the model in, the IR the templates see out, with every lookup table already built and flags (`uses`) that say
 * which code the spec needs at all.
 */
export function lower(model: SidecarModel, target: Target = DEFAULT_TARGET): SidecarIR {
  const { policies, enableEgress, timeout } = model;
  const logging = normalizeLogging(model.logLevel, target);
  const port = model.listenPort;
  const meshTable: IpTableIR<true> | null =
    model.meshCidrs.length === 0 ? null : buildIpTable(model.meshCidrs.map((cidr) => ({ cidrs: [cidr], value: true as const })), () => true as const);
  const metrics = model.metricsPort === null ? null : { port: model.metricsPort };
  // Policies are named (credited) only where something reports them: a log line or a metric's label.
  const credit = logging.kind !== 'none' || metrics !== null;
  const egress = egressIR(policies, enableEgress, credit);
  const tables = egress.tables;
  const ipTables = [...(meshTable ? [meshTable] : []), ...(tables ? allIpTables(tables) : [])];
  const rules = tables?.httpRules.flatMap((r) => r.matches ?? []) ?? [];
  const http = tables !== null && tables.classes.some((c) => c.http !== null);
  const tls = tables !== null && tables.classes.some((c) => c.tls !== null);
  const sniff = egress.kind === 'policies' && (http || tls);
  const verdicts = credit || sniff;

  const ir: SidecarIR = {
    kind: 'sidecar',
    target,
    listener: { port, ownPorts: ownPorts(model).sort((a, b) => a - b) },
    logging,
    metrics,
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
      credit,
      decide: verdicts || egress.kind !== 'passthrough' || meshTable !== null,
      http,
      tls,
      regexPath: rules.some((m) => m.path?.type === 'regex'),
      headerMatch: rules.some((m) => m.headers.length > 0),
    },
  };
  return ir;
}

function egressIR(policies: NormalizedPolicy[], enableEgress: boolean, credit: boolean): EgressIR {
  if (enableEgress) return { kind: 'passthrough', tables: credit && policies.length > 0 ? buildPolicyTables(policies, true) : null };
  if (policies.length === 0) return { kind: 'deny-all', tables: null };
  return { kind: 'policies', tables: buildPolicyTables(policies, false), sniffTimeout: SNIFF_TIMEOUT_SECONDS, maxClientHelloBytes: MAX_CLIENT_HELLO_BYTES };
}

function allIpTables(tables: PolicyTablesIR): IpTableIR<unknown>[] {
  return tables.classes.flatMap((c) => [
    ...(c.l4 ? [c.l4] : []),
    ...[c.tls, c.http].flatMap((h): IpTableIR<unknown>[] => (h === null ? [] : [...h.exact, ...h.suffix].map(([, t]) => t as IpTableIR<unknown>).concat(h.any ?? [], h.unnamed ?? []))),
  ]);
}

