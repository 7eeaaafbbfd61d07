import type { SniffedDecision } from '../../decision/part-decision.js';
import { normalizeSni } from '../../decision/host-header.js';
import { ipRank, policyHostRank } from '../../decision/matchers.js';
import { best, rankOf } from '../../decision/ranking.js';

/** The most specific name (then address) that allows the SNI; a hello without SNI only passes a policy without Hosts. */
export const tlsDecision: SniffedDecision = {
  decide(policies, probe, ip) {
    const sni = normalizeSni(probe.sni);
    const hit = best(policies, (p) => rankOf([policyHostRank(p, sni), ipRank(p, ip)]));
    if (hit) return { allow: true, outcome: 'forward', reason: 'sni-allowed', policy: hit };
    return { allow: false, outcome: 'reset', reason: sni === null ? 'no-sni' : 'sni-not-allowed', policy: null };
  },
};
