import type { EgressPolicy, HttpMatch, PolicyPort, SidecarSpec } from '../sidecar-spec/types.js';
import { compareText } from '../util/compare.js';

/**
 * One difference between two canonical specs: a setting of `Spec` (`~` from -> to, or `+`/`-` one entry of a list
 * such as MeshCIDRs), a whole policy (`+`/`-`, with what it allows), or one entry of a policy (`+`/`-` a host, an
 * address, a port with its protocol, an HTTP match).
 */
export interface SpecChange {
  op: '+' | '-' | '~';
  /** `Spec.Traffic.EgressPolicyMode`, `policy`, `host`, `address`, `port`, `match`. */
  subject: string;
  /** The policy an entry (or a whole policy) belongs to. */
  policy?: string;
  /** The entry added or removed, or what a whole policy allows. */
  value?: string;
  from?: string;
  to?: string;
}

/** A setting the spec leaves out, as its default: so that leaving it out and writing the default are no change. */
const DEFAULTS: Readonly<Record<string, string>> = { 'Spec.Traffic.EgressPolicyMode': 'enforce' };

/**
 * What changes from one canonical spec (SidecarModel.spec: defaults filled in, keys and entries in canonical form) to
 * another: settings first, then policies by name. Stable: the same two specs give the same list. Pure.
 */
export function specChanges(from: SidecarSpec, to: SidecarSpec): SpecChange[] {
  return [...settingChanges(from, to), ...policyChanges(from.EgressPolicies ?? [], to.EgressPolicies ?? [])];
}

function settingChanges(from: SidecarSpec, to: SidecarSpec): SpecChange[] {
  const a = flatten('Spec', from.Spec);
  const b = flatten('Spec', to.Spec);
  const keys = [...new Set([...a.keys(), ...b.keys(), ...Object.keys(DEFAULTS)])].sort(compareText);
  const changes: SpecChange[] = [];
  for (const key of keys) {
    const x = a.get(key) ?? DEFAULTS[key] ?? '(none)';
    const y = b.get(key) ?? DEFAULTS[key] ?? '(none)';
    if (Array.isArray(x) || Array.isArray(y)) {
      changes.push(...entryChanges(key, undefined, listOf(x), listOf(y)));
    } else if (x !== y) changes.push({ op: '~', subject: key, from: x, to: y });
  }
  return changes;
}

const listOf = (v: string | string[]): string[] => (Array.isArray(v) ? v : v === '' || v === '(none)' ? [] : [v]);

/** Dotted paths to scalar texts; a list of scalars stays a list (compared entry by entry). */
function flatten(
  prefix: string,
  value: unknown,
  out = new Map<string, string | string[]>(),
): Map<string, string | string[]> {
  if (Array.isArray(value))
    out.set(
      prefix,
      value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
    );
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out);
  else out.set(prefix, String(value));
  return out;
}

function policyChanges(from: readonly EgressPolicy[], to: readonly EgressPolicy[]): SpecChange[] {
  const before = new Map(from.map((p) => [p.Name, p]));
  const after = new Map(to.map((p) => [p.Name, p]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  return names.flatMap((name): SpecChange[] => {
    const a = before.get(name);
    const b = after.get(name);
    if (!a) return [{ op: '+', subject: 'policy', policy: name, value: policySummary(b!) }];
    if (!b) return [{ op: '-', subject: 'policy', policy: name, value: policySummary(a) }];
    return [
      ...entryChanges('host', name, a.Hosts ?? ['(any)'], b.Hosts ?? ['(any)']),
      ...entryChanges('address', name, a.IPAddresses ?? ['(any)'], b.IPAddresses ?? ['(any)']),
      ...entryChanges('port', name, a.Ports.map(portText), b.Ports.map(portText)),
      ...entryChanges('match', name, (a.Matches ?? []).map(matchText), (b.Matches ?? []).map(matchText)),
    ];
  });
}

function entryChanges(
  subject: string,
  policy: string | undefined,
  from: readonly string[],
  to: readonly string[],
): SpecChange[] {
  const a = new Set(from);
  const b = new Set(to);
  const at = policy === undefined ? {} : { policy };
  return [
    ...[...a]
      .filter((x) => !b.has(x))
      .sort(compareText)
      .map((value): SpecChange => ({ op: '-', subject, ...at, value })),
    ...[...b]
      .filter((x) => !a.has(x))
      .sort(compareText)
      .map((value): SpecChange => ({ op: '+', subject, ...at, value })),
  ];
}

/** `hosts api.example.com, *.example.org; addresses 203.0.113.0/24; ports 443/https; matches Prefix /v1/` */
export function policySummary(p: EgressPolicy): string {
  return [
    `hosts ${(p.Hosts ?? ['(any)']).join(', ')}`,
    `addresses ${(p.IPAddresses ?? ['(any)']).join(', ')}`,
    `ports ${p.Ports.map(portText).join(', ')}`,
    ...(p.Matches ? [`matches ${p.Matches.map(matchText).join(' | ')}`] : []),
  ].join('; ');
}

/** `443/https`, `5432-5439/tcp-server-first` */
export function portText(p: PolicyPort): string {
  return `${p.Number}${p.EndPort !== undefined && p.EndPort !== p.Number ? `-${p.EndPort}` : ''}/${p.Protocol}`;
}

/** `Prefix /v1/ methods GET,HEAD header x-team="blue|green"`, `any request` */
function matchText(m: HttpMatch): string {
  const parts = [
    ...(m.Path !== undefined ? [`${m.PathType ?? 'Prefix'} ${m.Path}`] : []),
    ...(m.Methods?.length ? [`methods ${m.Methods.join(',')}`] : []),
    ...Object.entries(m.Headers ?? {}).map(([k, v]) => `header ${k}=${JSON.stringify(v)}`),
  ];
  return parts.length > 0 ? parts.join(' ') : 'any request';
}
