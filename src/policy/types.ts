import type { Cidr } from '../net/ip.js';
import type { PolicyProtocol } from '../spec/types.js';
import type { HostPattern } from './host-pattern.js';

/** One egress policy after normalisation. Shared by the table builder and by explain(). */
export interface NormalizedPolicy {
  name: string;
  /** null: the policy names no hosts (it then also matches a request or handshake without a name). */
  hosts: HostPattern[] | null;
  /** null: any destination IP. */
  cidrs: Cidr[] | null;
  ports: PortRange[];
  matches: HttpMatchRule[] | null;
}

export interface PortRange {
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
