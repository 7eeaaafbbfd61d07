import type { Outcome, Probe } from '../../src/index.js';
import type { Lab, ProbeResult } from './netns-lab.js';

export interface Observed {
  outcome: Outcome | 'other';
  /** The sidecar's reason word, for http-403 and grpc-denied. */
  reason?: string;
  /** What the external host echoed, for forward. */
  data?: string;
  raw: ProbeResult;
}

/** Turns a table probe into real traffic from the pod namespace and classifies what happened. */
export async function observe(lab: Lab, probe: Probe, timeoutMs = 3000): Promise<Observed> {
  const protocol = probe.protocol ?? 'tcp';
  if (protocol === 'http') {
    const raw = await lab.probe({
      kind: 'http',
      dst: probe.dst,
      timeoutMs,
      requests: [
        { host: probe.host, method: probe.method ?? 'GET', path: probe.path ?? '/', headers: probe.headers ?? {} },
      ],
    });
    const response = raw.responses?.[0];
    if (!response) return { outcome: raw.outcome === 'reset' || raw.outcome === 'closed' ? 'reset' : 'other', raw };
    const reason = response.headers?.['x-pipyc-deny-reason'];
    if (response.status === 403 && reason) return { outcome: 'http-403', reason, raw };
    if (response.status === 200 && response.headers['grpc-status'] === '7' && reason)
      return { outcome: 'grpc-denied', reason, raw };
    // Only the external host answers 200 (its body names the address it was reached on; HEAD has no body), 101 to a
    // WebSocket handshake (naming the address in a header) or, for a request without Host, 400.
    const [ip] = probe.dst.split(':');
    const fromServer =
      (response.status === 101 && response.headers['x-ext-host'] === ip) ||
      (response.status === 200 &&
        (probe.method === 'HEAD' ? response.body === '' : response.body.startsWith(`hello from ${ip}:`))) ||
      (response.status === 400 && probe.host === undefined);
    return { outcome: fromServer ? 'forward' : 'other', data: response.body, raw };
  }
  if (protocol === 'tls') {
    const raw = await lab.probe({ kind: 'tls', dst: probe.dst, sni: probe.sni ?? '', timeoutMs });
    return classify(raw, (d) => d.startsWith(`tls ${probe.dst}`));
  }
  const raw = await lab.probe({ kind: 'tcp', dst: probe.dst, send: 'ping\n', until: 'ping', timeoutMs });
  return classify(raw, (d) => d.includes('ping') || d.includes('banner'));
}

function classify(raw: ProbeResult, fromServer: (data: string) => boolean): Observed {
  if (raw.data && fromServer(raw.data)) return { outcome: 'forward', data: raw.data, raw };
  if (!raw.data && (raw.outcome === 'reset' || raw.outcome === 'closed')) return { outcome: 'reset', raw };
  return { outcome: 'other', raw };
}
