import type { ProtocolHome, SniffedPart } from '../part.js';
import type { HttpPartIR, HttpPlanIR } from './ir.js';
import { httpDecision } from './explain.js';
import { httpLowering } from './lower.js';
import { HTTP_RULES } from './rules.js';
import { httpSimulation } from './simulate.js';
import { httpGeneration } from './tables.js';
import { HTTP_DETECTS } from './wire.js';

/** HTTP/1 and cleartext HTTP/2, decided request by request by Host (and path, method, headers). */
const HTTP_PART = {
  kind: 'http',
  home: 'http',
  phase: 'sniffed',
  wire: { probe: 'http', detects: HTTP_DETECTS },
  reasons: {
    'http-policy': 'an http policy allows this request',
    'host-not-allowed': 'no http policy allows this Host and IP',
    'no-host': 'the request has no Host and no policy without Hosts covers the port',
    'host-port-mismatch': 'the port in the Host header is not the destination port',
    'request-not-matched': 'a policy allows the Host, but none of its Matches fits the request',
  },
  lowering: httpLowering,
  generation: httpGeneration,
  decision: httpDecision,
  simulation: httpSimulation,
} satisfies SniffedPart<HttpPartIR, HttpPlanIR>;

export const HTTP = { protocol: 'http', part: HTTP_PART, rules: HTTP_RULES } satisfies ProtocolHome;
