import type { Probe } from '../../decision/probe.js';
import type { PartSimulation } from '../part.js';

/** An HTTP client's request head: the probe's method (GET), path (/), headers, and Host when it gives one. */
export const httpSimulation: PartSimulation = {
  events: { handleMessageStart: messageStart, branchMessageStart: messageStart },
};

function messageStart(probe: Probe): { head: unknown } {
  const headers = Object.fromEntries(Object.entries(probe.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  if (probe.host !== undefined) headers.host = probe.host;
  return { head: { method: probe.method ?? 'GET', path: probe.path ?? '/', headers } };
}
