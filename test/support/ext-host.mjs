// An "external host": serves HTTP, TLS, a TCP echo and server-first banners on the given addresses.
// Run inside an external-host network namespace by test/support/netns-lab.ts. Prints "ready" when listening.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';

// argv: <named cert,key> <default cert,key> <ip>...; the named certificate serves *.example.org and secure.example.com.
const [named, fallback, ...ips] = process.argv.slice(2);
const files = (pair) => {
  const [cert, key] = pair.split(',');
  return { cert: readFileSync(cert), key: readFileSync(key) };
};
const namedContext = tls.createSecureContext(files(named));
const defaultFiles = files(fallback);
const defaultContext = tls.createSecureContext(defaultFiles);
const pickContext = (servername, cb) => cb(null, /(^|\.)example\.org$|^secure\.example\.com$/i.test(servername) ? namedContext : defaultContext);
const servers = [];
for (const ip of ips) {
  servers.push(
    http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = `hello from ${ip}:${req.socket.localPort} ${req.method} ${req.url} host=${req.headers.host ?? '-'} bytes=${Buffer.concat(chunks).length}\n`;
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    }).listen(80, ip),
    net.createServer((s) => s.on('error', () => {}).pipe(s)).listen(7000, ip),
    ...[2525, 5432, 5433].map((port) =>
      net.createServer((s) => {
        s.on('error', () => {});
        s.write(`220 banner ${ip}:${port}\r\n`);
        s.on('data', (d) => s.write('echo:' + d));
      }).listen(port, ip),
    ),
    tls.createServer({ ...defaultFiles, SNICallback: pickContext }, (s) => {
      s.on('error', () => {});
      s.on('data', (d) => s.write(`tls ${ip}:443 sni=${s.servername || '-'} echo:${d}`));
    }).listen(443, ip),
    // HTTP/2 without TLS (h2c, prior knowledge).
    http2.createServer((req, res) => {
      res.end(`h2 hello from ${ip}:8080 ${req.method} ${req.url} authority=${req.headers[':authority'] ?? '-'}\n`);
    }).listen(8080, ip),
    // A port that resets every connection at once.
    net.createServer((s) => s.resetAndDestroy()).listen(6001, ip),
    // A port that accepts and never answers, for timeout tests.
    net.createServer((s) => s.on('error', () => {})).listen(9999, ip),
  );
}
let pending = servers.length;
for (const s of servers) s.on('listening', () => --pending === 0 && console.log('ready'));
for (const s of servers) s.on('error', (e) => { console.error(`ext-host: ${e.message}`); process.exit(1); });
process.on('SIGTERM', () => process.exit(0));
