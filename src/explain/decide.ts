import { parseIp, type IpAddress } from '../net/ip.js';
import { coversPort, inCidr, ipRank, isPodItself } from './matchers.js';
import { learnedNames } from './learned-names.js';
import { ownPorts, type EgressModel, type NormalizedPolicy } from '../normalize/model.js';
import { PARTS, protocolsOf } from '../protocols/registry.js';
import type { Outcome } from './part-decision.js';
import type { DecisionReason, Explanation } from './explanation.js';
import type { Probe } from './probe.js';
import { best, rankOf } from './ranking.js';

/**
 * The reference decision, written as a plain scan over policies so it can be read against docs/semantics.md: the
 * connection's way to a port's parts here, each part's own rule in its home (src/protocols/). The generated scripts
 * decide with lookup tables; tests hold the two to the same answers.
 */
export function decide(model: EgressModel, probe: Probe): Explanation {
  const protocol = probe.protocol ?? 'tcp';
  const verdict = (allow: boolean, outcome: Outcome, reason: string, policy: NormalizedPolicy | null = null): Explanation => ({
    verdict: allow ? 'allow' : 'deny',
    outcome,
    reason: reason as DecisionReason,
    policy: policy?.name ?? null,
    protocol,
  });
  const dst = splitDestination(probe.dst);
  if (!dst) return verdict(false, 'reset', 'no-original-destination');
  const { ip, port } = dst;
  if (ownPorts(model).includes(port) && isPodItself(ip, probe.src === undefined ? undefined : parseIp(probe.src))) return verdict(false, 'reset', 'own-listener');
  if (model.meshCidrs.some((c) => inCidr(ip, c))) return verdict(true, 'forward', 'mesh');

  const covering = model.policies.filter((p) => p.ports.some((r) => r.first <= port && port <= r.last));
  if (model.enableEgress) {
    return verdict(true, 'forward', 'egress-passthrough', best(covering, (p) => rankOf([0, ipRank(p, ip)])));
  }
  if (covering.length === 0) return verdict(false, 'reset', model.policies.length > 0 ? 'no-policy-for-port' : 'egress-disabled');

  const ofPart = (part: (typeof PARTS)[number]) => covering.filter((p) => coversPort(p, port, protocolsOf(part)));
  const names = model.dns === null ? null : learnedNames(probe, ip);
  let refusal = '';
  for (const part of DESTINATION_PARTS) {
    const answer = part.decision.decide(ofPart(part), ip, names);
    if (answer.policy) return verdict(true, 'forward', answer.reason, answer.policy);
    refusal = answer.reason;
  }
  // A sniffed part with policies on the port decides what the client spoke; without any, the destination parts refused.
  if (!SNIFFED_PARTS.some((part) => ofPart(part).length > 0)) return verdict(false, 'reset', refusal);
  const spoken = SNIFFED_PARTS.find((part) => part.wire.probe === protocol);
  const policies = spoken ? ofPart(spoken) : [];
  if (!spoken) return verdict(false, 'reset', 'unknown-protocol');
  if (policies.length === 0) return verdict(false, 'reset', 'protocol-not-allowed');
  const answer = spoken.decision.decide(policies, probe, ip, port);
  const upgrade = protocol === 'http' ? upgradeOf(probe) : undefined;
  return { ...verdict(answer.allow, answer.outcome, answer.reason, answer.policy), ...(upgrade && { upgrade }) };
}

function upgradeOf(probe: Probe): string | undefined {
  const header = Object.entries(probe.headers ?? {}).find(([name]) => name.toLowerCase() === 'upgrade');
  return header ? header[1].trim().toLowerCase() || undefined : undefined;
}

const DESTINATION_PARTS = PARTS.flatMap((p) => (p.phase === 'destination' ? [p] : []));
const SNIFFED_PARTS = PARTS.flatMap((p) => (p.phase === 'sniffed' ? [p] : []));

export function splitDestination(dst: string): { ip: IpAddress; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(dst) ?? /^([^:]+):(\d+)$/.exec(dst);
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  const port = Number(m[2]);
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { ip, port };
}
