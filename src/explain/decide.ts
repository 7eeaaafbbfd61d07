import { parseIp, type IpAddress } from '../net/ip.js';
import { coversPort, inCidr, ipRank, isPodItself } from '../decision/matchers.js';
import { learnedNames } from '../decision/learned-names.js';
import { ownPorts, type EgressModel, type NormalizedPolicy } from '../normalize/model.js';
import type { ProtocolRegistry } from '../protocols/registry.js';
import type { Outcome } from '../decision/part-decision.js';
import type { DecisionReason, Explanation } from './explanation.js';
import type { Probe } from '../decision/probe.js';
import type { Part } from '../protocols/part.js';
import { best, rankOf } from '../decision/ranking.js';

/**
 * The decision in the model's mode: in audit mode what enforce mode would refuse (but for the refusals that are not
 * the policies' to make: no original destination, the sidecar's own port) is forwarded and marked `wouldDeny`, with
 * the reason enforce mode gives.
 */
export function decide(
  model: EgressModel,
  probe: Probe,
  registry: Pick<ProtocolRegistry, 'parts' | 'protocolsOf'>,
): Explanation {
  const enforced = decideEnforced(model, probe, registry);
  if (!model.audit || enforced.verdict === 'allow' || !auditable(enforced.reason)) return enforced;
  return { ...enforced, verdict: 'allow', outcome: 'forward', policy: null, wouldDeny: true };
}

/** Refusals audit mode passes on: all but those that protect the sidecar itself. */
export function auditable(reason: string): boolean {
  return reason !== 'no-original-destination' && reason !== 'own-listener';
}

/**
 * The reference decision, written as a plain scan over policies so it can be read against docs/semantics.md: the
 * connection's way to a port's parts here, each part's own rule in its home (src/protocols/). The generated scripts
 * decide with lookup tables; tests hold the two to the same answers.
 */
function decideEnforced(
  model: EgressModel,
  probe: Probe,
  registry: Pick<ProtocolRegistry, 'parts' | 'protocolsOf'>,
): Explanation {
  const { parts, protocolsOf } = registry;
  const protocol = probe.protocol ?? 'tcp';
  const verdict = (
    allow: boolean,
    outcome: Outcome,
    reason: string,
    policy: NormalizedPolicy | null = null,
  ): Explanation => ({
    verdict: allow ? 'allow' : 'deny',
    outcome,
    reason: reason as DecisionReason,
    policy: policy?.name ?? null,
    protocol,
  });
  const dst = splitDestination(probe.dst);
  if (!dst) return verdict(false, 'reset', 'no-original-destination');
  const { ip, port } = dst;
  if (ownPorts(model).includes(port) && isPodItself(ip, probe.src === undefined ? undefined : parseIp(probe.src)))
    return verdict(false, 'reset', 'own-listener');
  if (model.meshCidrs.some((c) => inCidr(ip, c))) return verdict(true, 'forward', 'mesh');

  const covering = model.policies.filter((p) => p.ports.some((r) => r.first <= port && port <= r.last));
  if (model.enableEgress) {
    return verdict(
      true,
      'forward',
      'egress-passthrough',
      best(covering, (p) => rankOf([0, ipRank(p, ip)])),
    );
  }
  if (covering.length === 0)
    return verdict(false, 'reset', model.policies.length > 0 ? 'no-policy-for-port' : 'egress-disabled');

  const ofPart = (part: Part) => covering.filter((p) => coversPort(p, port, protocolsOf(part)));
  const names = model.dns === null ? null : learnedNames(probe, ip);
  const destination = parts.destination.decision.decide(ofPart(parts.destination), ip, names);
  if (destination.policy) return verdict(true, 'forward', destination.reason, destination.policy);
  // A sniffed part with policies on the port decides what the client spoke; without any, the destination part refused.
  if (!parts.sniffed.some((part) => ofPart(part).length > 0)) return verdict(false, 'reset', destination.reason);
  const spoken = parts.sniffed.find((part) => part.wire.probe === protocol);
  const policies = spoken ? ofPart(spoken) : [];
  if (!spoken) return verdict(false, 'reset', 'unknown-protocol');
  if (policies.length === 0) return verdict(false, 'reset', 'protocol-not-allowed');
  const answer = spoken.decision.decide(policies, probe, ip, port);
  return {
    ...verdict(answer.allow, answer.outcome, answer.reason, answer.policy),
    ...(answer.upgrade && { upgrade: answer.upgrade }),
  };
}

export function splitDestination(dst: string): { ip: IpAddress; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(dst) ?? /^([^:]+):(\d+)$/.exec(dst);
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  const port = Number(m[2]);
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { ip, port };
}
