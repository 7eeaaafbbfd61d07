import type { DestinationDecision } from '../../explain/part-decision.js';
import { ipRank } from '../../explain/matchers.js';
import { best, rankOf } from '../../explain/ranking.js';

/** The most specific IPAddresses win; a policy without IPAddresses allows any address. */
export const tcpDecision: DestinationDecision = {
  allowReason: 'tcp-policy',
  refusalReason: 'ip-not-allowed',
  allowedBy: (policies, ip) => best(policies, (p) => rankOf([0, ipRank(p, ip)])),
};
