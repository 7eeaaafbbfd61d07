import type { DestinationPart, ProtocolHome } from '../part.js';
import type { TcpPartIR, TcpPlanIR } from './ir.js';
import { tcpDecision } from './explain.js';
import { tcpLowering } from './lower.js';
import { TCP_RULES } from './rules.js';
import { tcpGeneration } from './tables.js';

/** Connections decided by port and destination IP at connect time; their bytes are never looked at. */
export const TCP_PART = {
  kind: 'tcp',
  home: 'tcp',
  phase: 'destination',
  reasons: {
    'tcp-policy': 'a tcp policy allows this port (and IP)',
    'ip-not-allowed': "the port's tcp policies do not allow this destination IP",
    'dns-learned':
      "the sidecar's DNS proxy resolved a name the port's tcp policy allows to this address, within its TTL",
    'not-resolved':
      "the port's tcp policies allow names, and the sidecar's DNS proxy resolved none of them to this address",
    expired:
      "the sidecar's DNS proxy resolved a name the port's tcp policy allows to this address, but the answer's TTL has run out",
  },
  lowering: tcpLowering,
  generation: tcpGeneration,
  decision: tcpDecision,
} satisfies DestinationPart<TcpPartIR, TcpPlanIR>;

export const TCP = { protocol: 'tcp', part: TCP_PART, rules: TCP_RULES } satisfies ProtocolHome;
