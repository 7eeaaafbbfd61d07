/** The sidecar spec as written by a controller or an operator (the input format). */

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'warn', 'error', 'critical', 'off'] as const;
export type SidecarLogLevel = (typeof LOG_LEVELS)[number];

export const POLICY_PROTOCOLS = ['http', 'https', 'tcp', 'tcp-server-first'] as const;
export type PolicyProtocol = (typeof POLICY_PROTOCOLS)[number];

export const PATH_TYPES = ['Exact', 'Prefix', 'RegularExpression'] as const;
export type PathType = (typeof PATH_TYPES)[number];

export interface SidecarSpec {
  Spec: {
    SidecarLogLevel?: SidecarLogLevel;
    SidecarTimeout?: number;
    Traffic?: {
      EnableEgress?: boolean;
      MeshCIDRs?: string[];
      OutboundPort?: number;
    };
  };
  EgressPolicies?: EgressPolicy[];
}

export interface EgressPolicy {
  Name: string;
  Hosts?: string[];
  IPAddresses?: string[];
  Ports: PolicyPort[];
  Matches?: HttpMatch[];
}

export interface PolicyPort {
  Number: number;
  EndPort?: number;
  Protocol: PolicyProtocol;
}

export interface HttpMatch {
  Path?: string;
  PathType?: PathType;
  Methods?: string[];
  Headers?: Record<string, string>;
}
