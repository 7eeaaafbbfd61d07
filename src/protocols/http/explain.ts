import { parseHostHeader } from '../../decision/host-header.js';
import { ipRank, matchPasses, policyHostRank } from '../../decision/matchers.js';
import type { PartVerdict, SniffedDecision } from '../../decision/part-decision.js';
import type { Probe } from '../../decision/probe.js';
import { rankOf, ranked } from '../../decision/ranking.js';
import type { IpAddress } from '../../net/ip.js';
import type { NormalizedPolicy } from '../../normalize/model.js';

/** How the sidecar answers a denied request: a gRPC call (content-type application/grpc...) with grpc-status 7. */
function denied(headers: Record<string, string>): 'http-403' | 'grpc-denied' {
  return (headers['content-type'] ?? '').startsWith('application/grpc') ? 'grpc-denied' : 'http-403';
}

/**
 * Each request on its own: the Host's port must be the destination port; the policies that allow the Host (and
 * address), most specific first, are tried in turn, and the first whose Matches pass the request allows it.
 */
export const httpDecision: SniffedDecision = {
  decide(policies, probe, ip, port) {
    const verdict = requestVerdict(policies, probe, ip, port);
    // An upgrade (WebSocket, h2c) is told whatever the verdict: what the connection becomes once allowed.
    const upgrade = Object.entries(probe.headers ?? {})
      .find(([name]) => name.toLowerCase() === 'upgrade')?.[1]
      .trim()
      .toLowerCase();
    return upgrade ? { ...verdict, upgrade } : verdict;
  },
};

function requestVerdict(policies: readonly NormalizedPolicy[], probe: Probe, ip: IpAddress, port: number): PartVerdict {
  const request = {
    method: probe.method ?? 'GET',
    path: probe.path ?? '/',
    headers: Object.fromEntries(Object.entries(probe.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const refused = denied(request.headers);
  const host = parseHostHeader(probe.host);
  if (host.port !== '' && host.port !== String(port))
    return { allow: false, outcome: refused, reason: 'host-port-mismatch', policy: null };
  const candidates = ranked(policies, (p) => rankOf([policyHostRank(p, host.name), ipRank(p, ip)]));
  const allowed = candidates.find((p) => p.matches === null || p.matches.some((m) => matchPasses(m, request)));
  if (allowed) return { allow: true, outcome: 'forward', reason: 'http-policy', policy: allowed };
  if (candidates.length > 0) return { allow: false, outcome: refused, reason: 'request-not-matched', policy: null };
  return { allow: false, outcome: refused, reason: host.name === null ? 'no-host' : 'host-not-allowed', policy: null };
}
