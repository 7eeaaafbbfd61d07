import { error, pointerOf, PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseIp } from '../net/ip.js';
import { splitDestination } from './decide.js';
import type { Probe } from './probe.js';
import { PROBE_PROTOCOLS } from '../protocols/registry.js';

/** The protocol a probe speaks: as given, else HTTP when it names a Host, TLS when it names an SNI, else tcp. */
export function probeProtocol(probe: Pick<Probe, 'protocol' | 'host' | 'sni'>): NonNullable<Probe['protocol']> {
  return probe.protocol ?? (probe.host !== undefined ? 'http' : probe.sni !== undefined ? 'tls' : 'tcp');
}

/**
 * A probe handed to explain() as the CLI would take it: a destination that parses, a protocol pipyc knows, strings
 * where strings belong. Throws PipycError (PIPYC1007, with a pointer into the probe) rather than answer nonsense.
 */
export function checkedProbe(probe: unknown): Probe {
  const problems: Diagnostic[] = [];
  const bad = (field: string, message: string) => problems.push(error('PIPYC1007', message, pointerOf(field)));
  if (probe === null || typeof probe !== 'object') throw new PipycError([error('PIPYC1007', 'a probe is an object with at least dst', '')]);
  const p = probe as Record<string, unknown>;
  if (typeof p.dst !== 'string' || !splitDestination(p.dst)) {
    bad('dst', `dst must be ip:port or [ipv6]:port with a port from 1 to 65535, not ${JSON.stringify(p.dst)}`);
  }
  if (p.src !== undefined && (typeof p.src !== 'string' || !parseIp(p.src))) {
    bad('src', `src must be an IPv4 or IPv6 address, not ${JSON.stringify(p.src)}`);
  }
  if (p.protocol !== undefined && !PROBE_PROTOCOLS.includes(p.protocol as string)) {
    bad('protocol', `protocol must be one of ${PROBE_PROTOCOLS.join(', ')}, not ${JSON.stringify(p.protocol)}`);
  }
  for (const field of ['host', 'sni', 'method', 'path'] as const) {
    if (p[field] !== undefined && typeof p[field] !== 'string') bad(field, `${field} must be a string`);
  }
  if (p.headers !== undefined && (p.headers === null || typeof p.headers !== 'object' || Object.values(p.headers).some((v) => typeof v !== 'string'))) {
    bad('headers', 'headers must be an object of strings');
  }
  for (const field of ['resolved', 'expired'] as const) {
    const names = p[field];
    if (names === undefined) continue;
    if (names === null || typeof names !== 'object' || Array.isArray(names)) {
      bad(field, `${field} must map names to lists of addresses`);
      continue;
    }
    for (const [name, addresses] of Object.entries(names)) {
      if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== 'string' || !parseIp(a))) {
        problems.push(error('PIPYC1007', `${field}.${name} must be a list of IPv4/IPv6 addresses`, pointerOf(field, name)));
      }
    }
  }
  if (problems.length > 0) throw new PipycError(problems);
  const checked = probe as Probe;
  return { ...checked, protocol: probeProtocol(checked) };
}
