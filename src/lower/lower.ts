import type { EgressIR, LoweredSpec } from '../ir/lowered.js';
import type { PartPlan, PartPlans } from '../ir/parts.js';
import type { IpTableIR } from '../ir/tables.js';
import { ownPorts, type NormalizedPolicy, type SidecarModel } from '../normalize/model.js';
import { DEFAULT_TARGET, type Target } from '../sidecar-spec/targets.js';
import { flatMapped } from '../util/flat-mapped.js';
import { buildIpTable, hasIpEntries, ipTableUsesV6 } from './ip-table.js';
import { boundedLinesOf, loggingOf } from './logging.js';
import { inOrder, type LoweringOptions, type PartLowering, type PartLowerings } from './part-lowering.js';
import { buildPolicyTables } from './policy-tables.js';

/** Seconds a sniffed port waits for the client's first bytes before falling back to its tcp rules. */
const SNIFF_TIMEOUT_SECONDS = 5;
/**
 * Destinations (address and port) whose verdict and target a sidecar remembers: a connection to one of them is
 * decided by two map lookups. Bounded so a workload that talks to many addresses holds at most this many entries
 * (a few hundred bytes each); when full the memo is emptied and fills again.
 */
const DECISION_MEMO_LIMIT = 4096;
/**
 * The DNS proxy's bounds (docs/semantics.md, "TCP by name"): at most 4096 addresses with 16 names each, the one learned
 * longest ago forgotten first; at most 1024 queries awaiting answers; a client's DNS session idle 10 s is closed.
 */
const DNS_LIMITS = { addressLimit: 4096, namesPerAddress: 16, pendingLimit: 1024, idleTimeout: 10 } as const;

/**
 * Pure: the model in, the lowered spec out, with every lookup table already built and flags (`uses`) that say which
 * code the spec needs at all. `parts`: the registry's parts (src/protocols/registry.ts), in its order.
 * `countsEveryDecision`: the family counts each decision with its policy whatever the spec says (the plugin's metrics
 * in Pipy's own stats), so policies are credited.
 */
export function lower(
  model: SidecarModel,
  parts: PartLowerings,
  target: Target = DEFAULT_TARGET,
  { countsEveryDecision = false }: { countsEveryDecision?: boolean } = {},
): LoweredSpec {
  const { policies, enableEgress, timeout } = model;
  const logging = loggingOf(model.logLevel, target);
  const meshTable: IpTableIR<true> | null =
    model.meshCidrs.length === 0
      ? null
      : buildIpTable(
          model.meshCidrs.map((cidr) => ({ cidrs: [cidr], value: true as const })),
          () => true as const,
        );
  const metrics = model.metricsPort === null ? null : { port: model.metricsPort };
  // Policies are named (credited) only where something reports allowed decisions: a log line or a metric's label.
  const counted = metrics !== null || countsEveryDecision;
  const reports = logging.kind !== 'none' || counted;
  const credit = logging.kind === 'every-decision' || logging.kind === 'egress-and-refusals' || counted;
  const { egress, plans } = egressIR(policies, enableEgress, credit, parts, { dnsLearning: model.dns !== null });
  const tables = egress.tables;
  const all: PartLowering[] = inOrder(parts);
  const byKind = new Map(all.map((p): [string, PartLowering] => [p.kind, p]));
  const ipTables = [
    ...(meshTable ? [meshTable] : []),
    ...(tables
      ? flatMapped(tables.classes, (c) => flatMapped(c.parts, (p) => [...byKind.get(p.kind)!.ipTables(p)]))
      : []),
  ];
  const sniff = egress.kind === 'policies' && plans.sniffed.some((p) => p.used);
  const allPlans: PartPlan[] = inOrder(plans);
  const byName = egress.kind === 'policies' && all.some((part, i) => part.decidesByName(allPlans[i]!));
  // Under EnableEgress nothing is refused, so there is nothing to audit.
  const audit = model.audit && egress.kind !== 'passthrough';

  return {
    kind: 'lowered',
    target,
    listener: {
      port: model.listenPort,
      ownPorts: ownPorts(model).sort((a, b) => a - b),
      memoLimit: DECISION_MEMO_LIMIT,
    },
    logging,
    audit,
    boundedLines: boundedLinesOf(model.logLevel, target),
    metrics,
    upstream: {
      timeouts:
        timeout > 0
          ? { connectTimeout: timeout, readTimeout: timeout, writeTimeout: timeout, idleTimeout: timeout }
          : null,
    },
    mesh: meshTable,
    dns:
      model.dns === null
        ? null
        : { listen: model.dns.listen, upstream: model.dns.upstream, ttl: model.dns.ttl, ...DNS_LIMITS },
    egress,
    parts: plans,
    uses: {
      // What the DNS proxy learns of IPv6 addresses is keyed as the tables key them.
      ipv6: ipTables.some(ipTableUsesV6) || byName,
      ipProbe: ipTables.some(hasIpEntries),
      tableLookup: meshTable !== null || tables !== null,
      meshTable: meshTable !== null,
      sniff,
      // Refusals alone are logged from the refused connection's own lookup (sidecar/main.js.hbs): no verdict needed.
      verdicts: credit || sniff || audit,
      reports,
      credit,
      metrics: metrics !== null,
      byName,
    },
  };
}

function egressIR(
  policies: NormalizedPolicy[],
  enableEgress: boolean,
  credit: boolean,
  parts: PartLowerings,
  options: LoweringOptions,
): { egress: EgressIR; plans: PartPlans } {
  const unused = (): PartPlans => ({
    destination: parts.destination.plan([], options),
    sniffed: parts.sniffed.map((part) => part.plan([], options)),
  });
  if (enableEgress) {
    if (!credit || policies.length === 0) return { egress: { kind: 'passthrough', tables: null }, plans: unused() };
    const { tables, plans } = buildPolicyTables(policies, true, parts, options);
    return { egress: { kind: 'passthrough', tables }, plans };
  }
  if (policies.length === 0) return { egress: { kind: 'deny-all', tables: null }, plans: unused() };
  const { tables, plans } = buildPolicyTables(policies, false, parts, options);
  return { egress: { kind: 'policies', tables, sniffTimeout: SNIFF_TIMEOUT_SECONDS }, plans };
}
