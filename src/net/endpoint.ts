import { formatIp, parseIp, type IpAddress } from './ip.js';

/** An address with a port: `192.0.2.53`, `192.0.2.53:5353`, `2001:db8::53` or `[2001:db8::53]:53`; the port defaults. */
export function parseEndpoint(text: string, defaultPort: number): { ip: IpAddress; port: number } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4WithPort = /^([0-9.]+):(\d{1,5})$/.exec(text);
  const [ipText, portText] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : v4WithPort
      ? [v4WithPort[1]!, v4WithPort[2]]
      : [text, undefined];
  const ip = parseIp(ipText);
  const port = portText === undefined ? defaultPort : Number(portText);
  if (!ip || (bracketed && ip.family !== 6) || port < 1 || port > 65535) return undefined;
  return { ip, port };
}

/** Pipy's form of an endpoint: `ip:port`, `[v6]:port`. */
export function formatEndpoint(endpoint: { ip: IpAddress; port: number }): string {
  const ip = formatIp(endpoint.ip);
  return endpoint.ip.family === 6 ? `[${ip}]:${endpoint.port}` : `${ip}:${endpoint.port}`;
}

/** The unspecified address (0.0.0.0, ::). */
export function isUnspecified(ip: IpAddress): boolean {
  return ip.family === 4 ? ip.value === 0 : ip.groups.every((g) => g === 0);
}

/** Loopback (127.0.0.0/8, ::1). */
export function isLoopback(ip: IpAddress): boolean {
  return ip.family === 4
    ? Math.floor(ip.value / 2 ** 24) === 127
    : ip.groups.slice(0, 7).every((g) => g === 0) && ip.groups[7] === 1;
}
