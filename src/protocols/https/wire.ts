import type { DetectedAsIR } from '../../ir/parts.js';

/** Pipy's detectProtocol says 'TLS' for a ClientHello; the script calls such a connection 'tls'. */
export const TLS_DETECTS: readonly DetectedAsIR[] = [{ pipy: 'TLS', proto: 'tls' }];
