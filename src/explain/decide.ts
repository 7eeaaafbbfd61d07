import { parseIp, type IpAddress } from '../net/ip.js';
import { normalizeSni, parseHostHeader } from './host-header.js';
import { coversPort, inCidr, ipRank, isPodItself, matchPasses, policyHostRank } from './matchers.js';
import { ownPorts, type EgressModel, type NormalizedPolicy } from '../normalize/model.js';
import type { DecisionReason, Explanation, Outcome, Probe } from './probe.js';
import { compareText } from '../util/compare.js';

/** What explain() needs to know about a spec; built by normalize(). */

/**
 * The reference decision, written as a plain scan over policies so it can be read against docs/semantics.md.
 * The generated scripts decide with lookup tables; tests hold the two to the same answers.
 */
export function decide(model: EgressModel, probe: Probe): Explanation {
  const protocol = probe.protocol ?? 'tcp';
  const verdict = (allow: boolean, outcome: Outcome, reason: DecisionReason, policy: NormalizedPolicy | null = null): Explanation => ({
    verdict: allow ? 'allow' : 'deny',
    outcome,
    reason,
    policy: policy?.name ?? null,
    protocol,
  });
  const dst = splitDestination(probe.dst);
  if (!dst) return verdict(false, 'reset', 'no-original-destination');
  const { ip, port } = dst;
  if (ownPorts(model).includes(port) && isPodItself(ip, probe.src === undefined ? undefined : parseIp(probe.src))) return verdict(false, 'reset', 'own-listener');
  if (model.meshCidrs.some((c) => inCidr(ip, c))) return verdict(true, 'forward', 'mesh');

  const covering = model.policies.filter((p) => coversPort(p, port, ['http', 'https', 'tcp', 'tcp-server-first']));
  if (model.enableEgress) {
    return verdict(true, 'forward', 'egress-passthrough', best(covering, (p) => rankOf([0, ipRank(p, ip)])));
  }
  if (covering.length === 0) return verdict(false, 'reset', model.policies.length > 0 ? 'no-policy-for-port' : 'egress-disabled');

  const tcp = best(
    covering.filter((p) => coversPort(p, port, ['tcp', 'tcp-server-first'])),
    (p) => rankOf([0, ipRank(p, ip)]),
  );
  if (tcp) return verdict(true, 'forward', 'tcp-policy', tcp);
  const https = covering.filter((p) => coversPort(p, port, ['https']));
  const http = covering.filter((p) => coversPort(p, port, ['http']));
  if (https.length === 0 && http.length === 0) return verdict(false, 'reset', 'ip-not-allowed');
  if (protocol === 'tcp') return verdict(false, 'reset', 'unknown-protocol');

  if (protocol === 'tls') {
    if (https.length === 0) return verdict(false, 'reset', 'protocol-not-allowed');
    const sni = normalizeSni(probe.sni);
    const hit = best(https, (p) => rankOf([policyHostRank(p, sni), ipRank(p, ip)]));
    if (hit) return verdict(true, 'forward', 'sni-allowed', hit);
    return verdict(false, 'reset', sni === null ? 'no-sni' : 'sni-not-allowed');
  }

  if (http.length === 0) return verdict(false, 'reset', 'protocol-not-allowed');
  const host = parseHostHeader(probe.host);
  if (host.port !== '' && host.port !== String(port)) return verdict(false, 'http-403', 'host-port-mismatch');
  const request = {
    method: probe.method ?? 'GET',
    path: probe.path ?? '/',
    headers: Object.fromEntries(Object.entries(probe.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const candidates = ranked(http, (p) => rankOf([policyHostRank(p, host.name), ipRank(p, ip)]));
  const allowed = candidates.find((p) => p.matches === null || p.matches.some((m) => matchPasses(m, request)));
  if (allowed) return verdict(true, 'forward', 'http-policy', allowed);
  if (candidates.length > 0) return verdict(false, 'http-403', 'request-not-matched');
  return verdict(false, 'http-403', host.name === null ? 'no-host' : 'host-not-allowed');
}

export function splitDestination(dst: string): { ip: IpAddress; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(dst) ?? /^([^:]+):(\d+)$/.exec(dst);
  if (!m) return undefined;
  const ip = parseIp(m[1]!);
  const port = Number(m[2]);
  if (!ip || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { ip, port };
}

/** A sort key from rank parts; undefined in any part means "does not match". */
function rankOf(parts: (number | undefined)[]): number[] | undefined {
  return parts.some((p) => p === undefined) ? undefined : (parts as number[]);
}

function ranked(policies: readonly NormalizedPolicy[], rank: (p: NormalizedPolicy) => number[] | undefined): NormalizedPolicy[] {
  return policies
    .map((p) => ({ p, r: rank(p) }))
    .filter((x): x is { p: NormalizedPolicy; r: number[] } => x.r !== undefined)
    .sort((a, b) => compareRanks(a.r, b.r) || compareText(a.p.name, b.p.name))
    .map((x) => x.p);
}

function best(policies: readonly NormalizedPolicy[], rank: (p: NormalizedPolicy) => number[] | undefined): NormalizedPolicy | null {
  return ranked(policies, rank)[0] ?? null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
