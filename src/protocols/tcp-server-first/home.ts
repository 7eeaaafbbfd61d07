import { TCP_PART } from '../tcp/home.js';
import type { ProtocolHome } from '../part.js';
import { TCP_SERVER_FIRST_RULES } from './rules.js';

/**
 * A tcp protocol whose server speaks first (MySQL, SMTP): decided like tcp, by destination, and never sniffed, so
 * it may not share a port with a protocol that is. The sidecar opens the upstream at once for every connection.
 */
export const TCP_SERVER_FIRST = {
  protocol: 'tcp-server-first',
  part: TCP_PART,
  rules: TCP_SERVER_FIRST_RULES,
} satisfies ProtocolHome;
