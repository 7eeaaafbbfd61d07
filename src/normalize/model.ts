import type { Cidr } from '../net/ip.js';
import type { PolicyProtocol, SidecarLogLevel, SidecarSpec } from '../sidecar-spec/types.js';
import type { HostPattern } from '../validate/host-pattern.js';

/**
 * What normalize makes of a valid spec: every default filled in, every value in canonical form. lower() turns it into
 * the IR the templates see; explain() decides on it directly.
 */
export interface SidecarModel {
  kind: 'model';
  /** The canonical spec (keys sorted at every level): its JSON is hashed into the manifest. */
  spec: SidecarSpec;
  listenPort: number;
  /** Where /metrics is served; null: no metrics. */
  metricsPort: number | null;
  logLevel: SidecarLogLevel;
  /** Seconds; 0: no timeouts set. */
  timeout: number;
  meshCidrs: Cidr[];
  enableEgress: boolean;
  /** Spec.Traffic.EgressPolicyMode is audit: what the policies would refuse passes as would-deny. */
  audit: boolean;
  /** null: no DNS proxy (Hosts are not checked on tcp ports). */
  dns: DnsModel | null;
  /** Sorted by name. */
  policies: NormalizedPolicy[];
}

/** The DNS proxy: where it listens (UDP and TCP) and the resolver it forwards to, both as Pipy writes endpoints. */
export interface DnsModel {
  /** The listening address as the spec canonically writes it, and with the port as Pipy listens. */
  address: string;
  listen: string;
  upstream: string;
  port: number;
  /** Seconds a learned address is held: its answer's TTL, but at least `min` and at most `max`. */
  ttl: { min: number; max: number };
}

/** The sidecar's own listening ports (outbound, then metrics when on): never forwarded to on the pod itself. */
export function ownPorts(model: Pick<SidecarModel, 'listenPort' | 'metricsPort' | 'dns'>): number[] {
  return [
    model.listenPort,
    ...(model.metricsPort === null ? [] : [model.metricsPort]),
    ...(model.dns === null ? [] : [model.dns.port]),
  ];
}

/** The part of the model a decision needs. */
export type EgressModel = Pick<
  SidecarModel,
  'listenPort' | 'metricsPort' | 'meshCidrs' | 'enableEgress' | 'audit' | 'dns' | 'policies'
>;

/** One egress policy after normalisation. Shared by lower() (the tables) and by explain(). */
export interface NormalizedPolicy {
  name: string;
  /** null: the policy names no hosts (it then also matches a request or handshake without a name). */
  hosts: HostPattern[] | null;
  /** null: any destination IP. */
  cidrs: Cidr[] | null;
  ports: PortRange[];
  matches: HttpMatchRule[] | null;
}

interface PortRange {
  first: number;
  last: number;
  protocol: PolicyProtocol;
}

export interface HttpMatchRule {
  path: { type: 'exact' | 'prefix' | 'regex'; value: string } | null;
  /** Upper-case method names; null: any method. */
  methods: string[] | null;
  /** Lower-case header name and an anchored regular expression for its value. */
  headers: [string, string][];
}
