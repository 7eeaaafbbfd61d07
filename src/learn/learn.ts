import { createHash } from 'node:crypto';
import { PIPYC_VERSION } from '../version.js';
import { parseHostHeader, normalizeSni } from '../decision/host-header.js';
import { inCidr } from '../decision/matchers.js';
import type { Probe } from '../decision/probe.js';
import { decide, splitDestination } from '../explain/decide.js';
import { frontEnd, PIPELINE } from '../compile/front-end.js';
import type { MeshInput } from '../compile/compile-mesh.js';
import { PipycError } from '../diagnostics/diagnostic.js';
import { MeshIndex, resolveIdentity } from '../mesh/resolve-identity.js';
import { parseValue } from '../parse/parse-spec.js';
import type { SidecarModel } from '../normalize/model.js';
import { EGRESS_API, type MeshFlavour } from '../mesh/objects.js';
import { formatIp, parseCidr, type Cidr, type IpAddress } from '../net/ip.js';
import type { KubernetesObject } from '../outputs/family.js';
import { objectsYaml } from '../outputs/objects-yaml.js';
import { compareText } from '../util/compare.js';
import { parseHostPattern } from '../validate/host-pattern.js';
import { pipycPart, readLogLine, WOULD_DENY_MARK, type WouldDenyLine } from './would-deny-lines.js';

/** One distinct thing audit mode saw refused-in-enforce: an identity's connection (and, for http, its Host). */
export interface Observation {
  identity: string;
  ip: IpAddress;
  port: number;
  /** The Egress protocol that allows it: http (by Host), https (by SNI), tcp (by address); nameless ones by address. */
  protocol: 'http' | 'https' | 'tcp';
  /** The Host or SNI, normalised; null: allowed by address. */
  name: string | null;
  /** A request it stands for (explain() decides it against existing objects). */
  probe: Probe;
  count: number;
  /** Where it was first read: `file:line`. */
  at: string;
}

/** What one line came to (the same for every line with the same text from pipyc's mark on). */
type Reading =
  | { kind: 'other' }
  | { kind: 'held-back' }
  | { kind: 'unreadable'; why: string }
  | { kind: 'dropped'; why: string }
  | { kind: 'observed'; key: string; observed: Omit<Observation, 'at'> };

/** Distinct lines remembered at once; past it the memory starts again (a cost, never a different answer). */
const MEMO_LIMIT = 65_536;

/** A line or value learn would not use, and why. */
export interface Dropped {
  at: string;
  why: string;
}

/**
 * Reads would-deny lines one at a time (any number, from any number of logs) and keeps each distinct observation once,
 * checked: nothing from a line reaches the output unvalidated. Lines it cannot read are kept with the reason, never
 * guessed from. Pure apart from its own state.
 */
export class WouldDenyReader {
  lines = 0;
  wouldDeny = 0;
  heldBack = 0;
  readonly unreadable: Dropped[] = [];
  readonly dropped: Dropped[] = [];
  private readonly seen = new Map<string, Observation>();
  private readonly meshCidrs: Cidr[];

  /** `identity`: for lines that name none (a standalone sidecar without POD_NAMESPACE/SERVICE_ACCOUNT). */
  constructor(options: { meshCIDRs?: readonly string[]; identity?: string } = {}) {
    this.meshCidrs = (options.meshCIDRs ?? []).flatMap((text) => {
      const c = parseCidr(text);
      return c.kind === 'parsed' ? [c.cidr] : [];
    });
    this.identity = options.identity ?? null;
  }
  private readonly identity: string | null;

  /**
   * What a line from pipyc's mark on came to, by that text: a sidecar writes the same line again and again (once a
   * minute per destination, from every pod), so each distinct one is read and checked once. Bounded.
   */
  private readonly memo = new Map<string, Reading>();
  /** Lines until the memo is tried again: where its last generation mostly missed (every line distinct), it costs. */
  private memoOffFor = 0;
  private memoHits = 0;

  /** One log line, read at `at` (`file:line`, or a function that says it: built only for what is kept). */
  add(text: string, at: string | (() => string)): void {
    this.lines++;
    const part = pipycPart(text);
    if (part === null) return;
    // Only a would-deny line is worth remembering: any other is told apart by its first words.
    const wouldDeny = part.startsWith(WOULD_DENY_MARK);
    const remembered = wouldDeny && this.memoOffFor === 0;
    if (wouldDeny && this.memoOffFor > 0) this.memoOffFor--;
    let reading = remembered ? this.memo.get(part) : undefined;
    if (reading !== undefined) this.memoHits++;
    else {
      reading = this.read(text);
      // An unreadable line says where (its column on the line), so it is read again each time.
      if (reading.kind !== 'unreadable' && remembered) {
        if (this.memo.size >= MEMO_LIMIT) {
          // A generation that saved fewer readings than a quarter of what it stored: leave the next lines unremembered.
          if (this.memoHits < MEMO_LIMIT / 4) this.memoOffFor = MEMO_LIMIT * 4;
          this.memo.clear();
          this.memoHits = 0;
        }
        this.memo.set(part, reading);
      }
    }
    switch (reading.kind) {
      case 'other':
        return;
      case 'held-back':
        return void this.heldBack++;
      case 'unreadable':
        return void this.unreadable.push({ at: placeOf(at), why: reading.why });
      case 'dropped':
        this.wouldDeny++;
        return void this.dropped.push({ at: placeOf(at), why: reading.why });
      case 'observed': {
        this.wouldDeny++;
        const known = this.seen.get(reading.key);
        if (known) known.count++;
        else {
          const o = reading.observed;
          this.seen.set(reading.key, {
            identity: o.identity,
            ip: o.ip,
            port: o.port,
            protocol: o.protocol,
            name: o.name,
            probe: o.probe,
            count: 1,
            at: placeOf(at),
          });
        }
      }
    }
  }

  private read(text: string): Reading {
    const read = readLogLine(text);
    if (read.kind !== 'would-deny') return read;
    const observed = this.observe(read.line);
    if ('why' in observed) return { kind: 'dropped', why: observed.why };
    // osm-edge's Egress CRD takes IPv4 CIDRs only (its ipAddresses pattern): an IPv6 destination is learned by name or not.
    if (observed.name === null && observed.ip.family === 6)
      return {
        kind: 'dropped',
        why: `dst=${JSON.stringify(read.line.dst)}: an Egress allows IPv6 addresses by name only (its CRD takes IPv4 CIDRs)`,
      };
    const key = `${observed.identity} ${observed.protocol} ${formatIp(observed.ip)} ${observed.port} ${observed.name ?? ''}`;
    return { kind: 'observed', key, observed };
  }

  /** Every distinct observation, in a stable order. */
  observations(): Observation[] {
    // The keys' default sort is code-unit order, as compareText's, without a call per comparison.
    return [...this.seen.keys()].sort().map((key) => this.seen.get(key)!);
  }

  private observe(line: WouldDenyLine): Omit<Observation, 'at'> | { why: string } {
    const identity = line.identity ?? this.identity;
    if (identity === null)
      return { why: 'the line names no identity (give --identity for a sidecar that does not know its own)' };
    const dst = splitDestination(line.dst);
    if (!dst) return { why: `dst=${JSON.stringify(line.dst)} is not an address and a port 1-65535` };
    const { ip, port } = dst;
    const where = addressProblem(ip, this.meshCidrs);
    if (where) return { why: `dst=${JSON.stringify(line.dst)} is ${where}: not egress` };
    const observed = (protocol: Observation['protocol'], name: string | null, probe: Probe) => ({
      identity,
      ip,
      port,
      protocol,
      name,
      probe,
      count: 1,
    });
    if (line.proto === 'http') {
      const host = parseHostHeader(line.host ?? undefined).name;
      const name = host === null ? null : exactName(host);
      if (name !== null && 'why' in name) return { why: `host=${JSON.stringify(line.host)}: ${name.why}` };
      const probe: Probe = { dst: line.dst, protocol: 'http' };
      if (line.host !== null) probe.host = line.host;
      if (line.method !== null) probe.method = line.method;
      if (line.path !== null) probe.path = line.path;
      return observed('http', name?.name ?? null, probe);
    }
    if (line.proto === 'tls') {
      const sni = normalizeSni(line.sni ?? undefined);
      const name = sni === null ? null : exactName(sni);
      if (name !== null && 'why' in name) return { why: `sni=${JSON.stringify(line.sni)}: ${name.why}` };
      const probe: Probe = { dst: line.dst, protocol: 'tls' };
      if (line.sni !== null) probe.sni = line.sni;
      return observed('https', name?.name ?? null, probe);
    }
    if (line.proto === 'tcp') return observed('tcp', null, { dst: line.dst, protocol: 'tcp' });
    return { why: `proto=${JSON.stringify(line.proto)} is not one pipyc writes` };
  }
}

const placeOf = (at: string | (() => string)) => (typeof at === 'string' ? at : at());

/** Why an address is not egress to learn: loopback, unspecified, or in the mesh. */
function addressProblem(ip: IpAddress, mesh: readonly Cidr[]): string | undefined {
  const text = formatIp(ip);
  if (ip.family === 4 ? text.startsWith('127.') : text === '::1') return 'loopback';
  if (text === '0.0.0.0' || text === '::') return 'unspecified';
  if (mesh.some((c) => inCidr(ip, c))) return 'inside the mesh CIDRs';
  return undefined;
}

/** A name as an Egress host: exact (no wildcard), valid, at most 253 characters. Says why not without echoing it. */
function exactName(text: string): { name: string } | { why: string } {
  const parsed = parseHostPattern(text);
  if (parsed.kind === 'invalid')
    return { why: 'not a valid host name (letters, digits, - and _ in labels of 1-63, at most 253)' };
  if (parsed.pattern.kind !== 'exact') return { why: 'a wildcard is not a name that was observed' };
  return { name: parsed.pattern.host };
}

/**
 * Egress objects (in the API of `mesh`, osm-edge's unless told) that allow exactly the observations: per identity, one
 * per protocol and port: http by Host, https by SNI, tcp (and nameless http or TLS) by address. Names are
 * deterministic and valid for Kubernetes. Pure.
 */
export function learnedEgresses(
  observations: readonly Observation[],
  mesh: MeshFlavour = 'osm-edge',
): KubernetesObject[] {
  const groups = new Map<
    string,
    { identity: string; protocol: string; port: number; byName: boolean; values: Set<string> }
  >();
  for (const o of observations) {
    const byName = o.name !== null;
    const key = `${o.identity} ${o.protocol} ${o.port} ${byName}`;
    const group = groups.get(key) ?? {
      identity: o.identity,
      protocol: o.protocol,
      port: o.port,
      byName,
      values: new Set(),
    };
    group.values.add(byName ? o.name! : `${formatIp(o.ip)}/32`);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g): KubernetesObject => {
      const [namespace, account] = g.identity.split('/') as [string, string];
      // Default sort: code-unit order, as compareText's.
      const values = [...g.values].sort();
      return {
        apiVersion: EGRESS_API[mesh],
        kind: 'Egress',
        metadata: {
          name: egressName(account, g.protocol, g.port, g.byName),
          namespace,
          annotations: { 'pipyc.io/learned': `pipyc ${PIPYC_VERSION} learn, from audit mode's would-deny lines` },
        },
        spec: {
          sources: [{ kind: 'ServiceAccount', name: account, namespace }],
          ...(g.byName ? { hosts: values } : { ipAddresses: values }),
          ports: [{ number: g.port, protocol: g.protocol }],
        },
      };
    })
    .sort((a, b) =>
      compareText(`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`),
    );
}

/**
 * The observations the existing objects do not allow yet, as the plugin decides on them (explain() on each identity's
 * spec; an audited identity's would-deny is not allowed). Throws PipycError when the objects are wrong. Pure.
 */
export function notYetAllowed(observations: readonly Observation[], existing: MeshInput): Observation[] {
  const index = existing instanceof MeshIndex ? existing : new MeshIndex(existing);
  const models = new Map<string, SidecarModel>();
  const modelOf = (identity: string): SidecarModel => {
    const known = models.get(identity);
    if (known) return known;
    const resolution = resolveIdentity(index, identity, {
      mode: { kind: 'egress-only', egressDefault: 'deny' },
      allowUnknownIdentity: true,
    });
    const errors = resolution.diagnostics.filter((d) => d.severity === 'error');
    if (resolution.spec === undefined || errors.length > 0) throw new PipycError(errors);
    const model = frontEnd(parseValue(resolution.spec, `<${identity}>`), PIPELINE.protocols);
    if (model.kind === 'failed') throw new PipycError(model.diagnostics);
    models.set(identity, model.model);
    return model.model;
  };
  return observations.filter((o) => {
    const answer = decide(modelOf(o.identity), o.probe, PIPELINE.protocols);
    return answer.verdict !== 'allow' || answer.wouldDeny === true;
  });
}

/** `learned-<serviceaccount>-<protocol>-<port>` (`-by-address` for http or https without a name), kept a valid name. */
function egressName(account: string, protocol: string, port: number, byName: boolean): string {
  const tail = `-${protocol}-${port}${byName || protocol === 'tcp' ? '' : '-by-address'}`;
  const name = `learned-${account}${tail}`;
  if (name.length <= 253) return name;
  const hash = createHash('sha256').update(account).digest('hex').slice(0, 10);
  return `learned-${account.slice(0, 253 - tail.length - 19).replace(/[.-]+$/, '')}-${hash}${tail}`;
}

/** The objects as YAML, after a header that says what they are. */
export function learnedYaml(objects: readonly KubernetesObject[], summary: readonly string[]): string {
  return objectsYaml(
    [
      `Learned by pipyc ${PIPYC_VERSION} from audit mode's would-deny lines: Egress objects that allow what was observed.`,
      'Review them, then: pipyc diff -f <current objects> --to <current objects> --to <this file>; kubectl apply -f <this file>.',
      ...summary,
    ],
    objects,
  );
}
