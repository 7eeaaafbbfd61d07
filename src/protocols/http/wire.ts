import type { DetectedAsIR } from '../../ir/parts.js';

/** Pipy's detectProtocol names HTTP/1 'HTTP' and an HTTP/2 preface 'HTTP2'; both are decided per request. */
export const HTTP_DETECTS: readonly DetectedAsIR[] = [
  { pipy: 'HTTP', proto: 'http' },
  { pipy: 'HTTP2', proto: 'http2' },
];
