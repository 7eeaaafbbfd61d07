import { formatIp, parseIp, type IpAddress } from '../net/ip.js';
import { isLearnable } from '../net/learnable.js';
import { normalizeSni } from './host-header.js';
import type { LearnedNames } from './part-decision.js';
import type { Probe } from './probe.js';

/**
 * The names a probe says the DNS proxy resolved to `ip`, live and expired, as the proxy would hold them: spelled as a
 * policy compares them (as an SNI is), and never for an address the proxy refuses to learn (loopback, link-local, unspecified).
 */
export function learnedNames(probe: Pick<Probe, 'resolved' | 'expired'>, ip: IpAddress): LearnedNames {
  if (!isLearnable(ip)) return { live: [], expired: [] };
  const target = formatIp(ip);
  const namesOf = (map: Record<string, string[]> | undefined) =>
    Object.entries(map ?? {}).flatMap(([name, addresses]) =>
      addresses.some((a) => sameAddress(a, target)) ? [normalizeSni(name) ?? ''] : [],
    );
  return { live: namesOf(probe.resolved), expired: namesOf(probe.expired) };
}

function sameAddress(text: string, target: string): boolean {
  const ip = parseIp(text);
  return ip !== undefined && formatIp(ip) === target;
}
