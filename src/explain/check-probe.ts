import { error, pointerOf, type Diagnostic } from '../diagnostics/diagnostic.js';
import { failed, type Failed } from '../diagnostics/failed.js';
import type { Probe } from '../decision/probe.js';
import { parseIp } from '../net/ip.js';
import { closestName } from '../util/closest-name.js';
import { isPlainObject } from '../util/plain-object.js';
import { splitDestination } from './decide.js';

/** The fields a probe may have (Probe, src/decision/probe.ts). */
const PROBE_FIELDS = [
  'dst',
  'src',
  'protocol',
  'host',
  'sni',
  'method',
  'path',
  'headers',
  'resolved',
  'expired',
] as const;

/** How messages name a probe's field: as itself (explain(), a probes file) or as the CLI flag that sets it. */
type ProbeFieldName = (field: (typeof PROBE_FIELDS)[number]) => string;

/** The protocol a probe speaks: as given, else HTTP when it names a Host, TLS when it names an SNI, else tcp. */
function probeProtocol(probe: Pick<Probe, 'protocol' | 'host' | 'sni'>): string {
  return probe.protocol ?? (probe.host !== undefined ? 'http' : probe.sni !== undefined ? 'tls' : 'tcp');
}

/**
 * The one check of a probe, wherever it comes from (explain(), a probes file, the CLI's flags): a destination that
 * parses, a protocol pipyc knows (`protocols`, the registry's probe words), fields that belong to it, strings where
 * strings belong. Every problem is a PIPYC1007 with a pointer into the probe, named as `name` says; the probe comes
 * back with its protocol filled in.
 */
export function checkProbe(
  value: unknown,
  protocols: readonly string[],
  name: ProbeFieldName = (f) => f,
  besides: readonly string[] = [],
): { kind: 'probe'; probe: Probe } | Failed {
  if (!isPlainObject(value)) return failed([error('PIPYC1007', `a probe is a map with at least ${name('dst')}`, '')]);
  const problems: Diagnostic[] = [];
  const bad = (field: string, message: string, hint?: string) =>
    problems.push(error('PIPYC1007', message, pointerOf(field), hint));
  for (const key of Object.keys(value)) {
    if ((PROBE_FIELDS as readonly string[]).includes(key)) continue;
    // `besides`: fields the caller reads itself (a probes file's `expect`), which a misspelling may have meant.
    const known = [...PROBE_FIELDS, ...besides];
    const guess = closestName(key, known);
    bad(
      key,
      `unknown field ${JSON.stringify(key)}`,
      guess ? `did you mean "${guess}"?` : `known fields: ${known.join(', ')}`,
    );
  }
  const p = value as Record<string, unknown>;
  if (typeof p.dst !== 'string' || !splitDestination(p.dst))
    bad(
      'dst',
      `${name('dst')} must be ip:port or [ipv6]:port with a port from 1 to 65535, not ${JSON.stringify(p.dst)}`,
    );
  if (p.src !== undefined && (typeof p.src !== 'string' || !parseIp(p.src)))
    bad('src', `${name('src')} must be an IPv4 or IPv6 address, not ${JSON.stringify(p.src)}`);
  if (p.protocol !== undefined && !protocols.includes(p.protocol as string))
    bad('protocol', `${name('protocol')} must be one of ${protocols.join(', ')}, not ${JSON.stringify(p.protocol)}`);
  for (const field of ['host', 'sni', 'method', 'path'] as const) {
    if (p[field] !== undefined && typeof p[field] !== 'string') bad(field, `${name(field)} must be a string`);
  }
  if (
    p.headers !== undefined &&
    (!isPlainObject(p.headers) || Object.values(p.headers).some((v) => typeof v !== 'string'))
  )
    bad('headers', `${name('headers')} must be a map of header names to strings`);
  for (const field of ['resolved', 'expired'] as const) {
    const names = p[field];
    if (names === undefined) continue;
    if (!isPlainObject(names)) {
      bad(field, `${name(field)} must map names to lists of addresses`);
      continue;
    }
    for (const [host, addresses] of Object.entries(names)) {
      const wrong = Array.isArray(addresses) ? addresses.find((a) => typeof a !== 'string' || !parseIp(a)) : addresses;
      if (Array.isArray(addresses) && wrong === undefined) continue;
      problems.push(
        error(
          'PIPYC1007',
          `${name(field)} ${host}: ${Array.isArray(addresses) ? `${JSON.stringify(wrong)} is not an IPv4 or IPv6 address` : 'must be a list of IPv4/IPv6 addresses'}`,
          pointerOf(field, host),
        ),
      );
    }
  }
  const probe = p as unknown as Probe;
  if (problems.length === 0) problems.push(...contradictions(probe, name));
  if (problems.length > 0) return failed(problems);
  return { kind: 'probe', probe: { ...probe, protocol: probeProtocol(probe) } };
}

/** Fields that describe another protocol than the probe speaks. */
function contradictions(p: Probe, name: ProbeFieldName): Diagnostic[] {
  if (p.host !== undefined && p.sni !== undefined)
    return [
      error(
        'PIPYC1007',
        `${name('host')} (HTTP) and ${name('sni')} (TLS) describe different protocols; give one`,
        pointerOf('sni'),
      ),
    ];
  const protocol = probeProtocol(p);
  if (p.host !== undefined && protocol !== 'http')
    return [
      error(
        'PIPYC1007',
        `${name('host')} is an HTTP header, but ${name('protocol')} is ${protocol}`,
        pointerOf('host'),
      ),
    ];
  if (p.sni !== undefined && protocol !== 'tls')
    return [
      error(
        'PIPYC1007',
        `${name('sni')} is a TLS server name, but ${name('protocol')} is ${protocol}`,
        pointerOf('sni'),
      ),
    ];
  const httpOnly = (['method', 'path', 'headers'] as const).filter((f) => p[f] !== undefined);
  if (httpOnly.length === 0 || protocol === 'http') return [];
  const list = httpOnly.map(name).join(', ');
  return [
    error(
      'PIPYC1007',
      `${list} ${httpOnly.length === 1 ? 'describes' : 'describe'} an HTTP request: add ${name('host')} <name> or ${name('protocol')} http`,
      pointerOf(httpOnly[0]!),
    ),
  ];
}
