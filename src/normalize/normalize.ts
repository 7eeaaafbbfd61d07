import type { SidecarIR } from '../ir/types.js';
import type { SidecarSpec } from '../spec/types.js';
import type { ValidSpec } from '../validate/validate.js';
import { normalizeLogging } from './logging.js';
import { canonicalCidrs, prefixSet } from './prefix-set.js';

export const DEFAULT_OUTBOUND_PORT = 15001;

export interface Normalized {
  /** The spec with every default filled in and every CIDR in canonical form; hashed into the manifest. */
  spec: SidecarSpec;
  ir: SidecarIR;
}

/** Pure: a valid spec in, its canonical form and the IR out. */
export function normalize(valid: ValidSpec): Normalized {
  const traffic = valid.Spec.Traffic ?? {};
  const logLevel = valid.Spec.SidecarLogLevel ?? 'error';
  const timeout = valid.Spec.SidecarTimeout ?? 0;
  const meshCidrs = canonicalCidrs(traffic.MeshCIDRs ?? []);
  const port = traffic.OutboundPort ?? DEFAULT_OUTBOUND_PORT;
  const enableEgress = traffic.EnableEgress ?? false;

  const spec: SidecarSpec = {
    Spec: {
      SidecarLogLevel: logLevel,
      SidecarTimeout: timeout,
      Traffic: { EnableEgress: enableEgress, MeshCIDRs: meshCidrs.map((c) => c.text), OutboundPort: port },
    },
    EgressPolicies: [],
  };
  const ir: SidecarIR = {
    kind: 'sidecar',
    listener: { port },
    logging: normalizeLogging(logLevel),
    upstream: {
      timeouts: timeout > 0 ? { connectTimeout: timeout, readTimeout: timeout, writeTimeout: timeout, idleTimeout: timeout } : null,
    },
    mesh: prefixSet(meshCidrs.map((c) => c.cidr)),
    egress: enableEgress ? { kind: 'passthrough' } : { kind: 'deny-all' },
  };
  return { spec, ir };
}
