import type { ProtocolHome, SniffedPart } from '../part.js';
import type { TlsPartIR, TlsPlanIR } from './ir.js';
import { tlsDecision } from './explain.js';
import { tlsLowering } from './lower.js';
import { tlsSimulation } from './simulate.js';
import { tlsGeneration } from './tables.js';
import { TLS_DETECTS } from './wire.js';

/** TLS decided by the server name (SNI) in the client's hello; the handshake itself passes untouched. */
const TLS_PART = {
  kind: 'tls',
  home: 'https',
  phase: 'sniffed',
  wire: { probe: 'tls', detects: TLS_DETECTS },
  reasons: {
    'sni-allowed': 'an https policy allows this SNI (and IP)',
    'sni-not-allowed': 'no https policy allows this SNI and IP',
    'no-sni': 'the TLS ClientHello has no SNI and no policy without Hosts covers the port',
  },
  lowering: tlsLowering,
  generation: tlsGeneration,
  decision: tlsDecision,
  simulation: tlsSimulation,
} satisfies SniffedPart<TlsPartIR, TlsPlanIR>;

export const HTTPS = { protocol: 'https', part: TLS_PART, rules: [] } satisfies ProtocolHome;
