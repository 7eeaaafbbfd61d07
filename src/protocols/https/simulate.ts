import type { PartSimulation } from '../part.js';

/** A TLS client's ClientHello names the probe's SNI, or none. */
export const tlsSimulation: PartSimulation = {
  events: { handleTLSClientHello: (probe) => ({ serverNames: probe.sni ? [probe.sni] : [] }) },
};
