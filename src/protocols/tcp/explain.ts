import type { DestinationDecision } from '../../decision/part-decision.js';
import { ipRank, policyHostRank } from '../../decision/matchers.js';
import { best, rankOf } from '../../decision/ranking.js';
import type { IpAddress } from '../../net/ip.js';
import type { NormalizedPolicy } from '../../normalize/model.js';

/**
 * The most specific IPAddresses win; a policy without IPAddresses allows any address. With the DNS proxy, a policy
 * with Hosts allows only an address learned for one of them (docs/semantics.md, "TCP by name"): the first name learned
 * that some policy allows decides, most specific name first; a name whose answer expired refuses with `expired`.
 */
export const tcpDecision: DestinationDecision = {
  decide(policies, ip, names) {
    const byAddress = names === null ? policies : policies.filter((p) => p.hosts === null);
    const allowed = best(byAddress, (p) => rankOf([0, ipRank(p, ip)]));
    if (allowed) return { policy: allowed, reason: 'tcp-policy' };
    const byName = names === null ? [] : policies.filter((p) => p.hosts !== null);
    if (byName.length === 0) return { policy: null, reason: 'ip-not-allowed' };
    const live = firstAllowing(byName, names!.live, ip);
    if (live) return { policy: live, reason: 'dns-learned' };
    return { policy: null, reason: firstAllowing(byName, names!.expired, ip) ? 'expired' : 'not-resolved' };
  },
};

function firstAllowing(
  policies: readonly NormalizedPolicy[],
  names: readonly string[],
  ip: IpAddress,
): NormalizedPolicy | null {
  for (const name of names) {
    const hit = best(policies, (p) => rankOf([policyHostRank(p, name), ipRank(p, ip)]));
    if (hit) return hit;
  }
  return null;
}
