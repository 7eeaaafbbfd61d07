// An "external host": serves HTTP, TLS, a TCP echo and server-first banners on the given addresses.
// Run inside an external-host network namespace by test/support/netns-lab.ts. Prints "ready" when listening.
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import grpc from '@grpc/grpc-js';
import { WebSocketServer } from 'ws';

// argv: <named cert,key> <default cert,key> <ip>...; the named certificate serves *.example.org and secure.example.com.
const [named, fallback, ...ips] = process.argv.slice(2);
const files = (pair) => {
  const [cert, key] = pair.split(',');
  return { cert: readFileSync(cert), key: readFileSync(key) };
};
const namedContext = tls.createSecureContext(files(named));
const defaultFiles = files(fallback);
const defaultContext = tls.createSecureContext(defaultFiles);
const pickContext = (servername, cb) =>
  cb(null, /(^|\.)example\.org$|^secure\.example\.com$/i.test(servername) ? namedContext : defaultContext);
const servers = [];
// gRPC without TLS on port 50051: raw bytes in and out (no protobuf), enough to tell calls, streams and statuses apart.
const bytes = { serialize: (b) => b, deserialize: (b) => b };
const method = (path, requestStream, responseStream) => ({
  path,
  requestStream,
  responseStream,
  requestSerialize: bytes.serialize,
  requestDeserialize: bytes.deserialize,
  responseSerialize: bytes.serialize,
  responseDeserialize: bytes.deserialize,
});
const grpcService = {
  Echo: method('/pipyc.test.Echo/Echo', false, false),
  Chat: method('/pipyc.test.Echo/Chat', true, true),
  Reset: method('/pipyc.admin.Admin/Reset', false, false),
};
const grpcServer = new grpc.Server();
grpcServer.addService(grpcService, {
  Echo: (call, done) => done(null, Buffer.from(`grpc echo authority=${call.getHost()}:${call.request}`)),
  Chat: (call) => {
    call.on('data', (d) => call.write(Buffer.from(`grpc chat:${d}`)));
    call.on('end', () => call.end());
    call.on('error', () => {});
  },
  Reset: (_call, done) => done(null, Buffer.from('grpc reset done')),
});
// WebSocket echo on every HTTP server (port 80): each message comes back prefixed with the address it reached.
const webSockets = new WebSocketServer({ noServer: true });
webSockets.on('headers', (headers, req) => headers.push(`x-ext-host: ${req.socket.localAddress}`));
const upgrade = (req, socket, head) => {
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return socket.destroy();
  webSockets.handleUpgrade(req, socket, head, (ws) => {
    ws.on('message', (m) => ws.send(`ws ${req.socket.localAddress} echo:${m}`));
    ws.on('error', () => {});
  });
};
for (const ip of ips) {
  servers.push(
    http
      .createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const body = `hello from ${ip}:${req.socket.localPort} ${req.method} ${req.url} host=${req.headers.host ?? '-'} bytes=${Buffer.concat(chunks).length}\n`;
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        });
      })
      .on('upgrade', upgrade)
      .listen(80, ip),
    net.createServer((s) => s.on('error', () => {}).pipe(s)).listen(7000, ip),
    ...[2525, 5432, 5433].map((port) =>
      net
        .createServer((s) => {
          s.on('error', () => {});
          s.write(`220 banner ${ip}:${port}\r\n`);
          s.on('data', (d) => s.write('echo:' + d));
        })
        .listen(port, ip),
    ),
    tls
      .createServer({ ...defaultFiles, SNICallback: pickContext }, (s) => {
        s.on('error', () => {});
        s.on('data', (d) => s.write(`tls ${ip}:443 sni=${s.servername || '-'} echo:${d}`));
      })
      .listen(443, ip),
    // HTTP/2 without TLS (h2c, prior knowledge).
    http2
      .createServer((req, res) => {
        res.end(`h2 hello from ${ip}:8080 ${req.method} ${req.url} authority=${req.headers[':authority'] ?? '-'}\n`);
      })
      .listen(8080, ip),
    // A port that resets every connection at once.
    net.createServer((s) => s.resetAndDestroy()).listen(6001, ip),
    // A port that accepts and never answers, for timeout tests.
    net.createServer((s) => s.on('error', () => {})).listen(9999, ip),
  );
}
let pending = servers.length + ips.length;
const listening = () => --pending === 0 && console.log('ready');
for (const s of servers) s.on('listening', listening);
for (const ip of ips) {
  grpcServer.bindAsync(`${ip}:50051`, grpc.ServerCredentials.createInsecure(), (e) => {
    if (e) {
      console.error(`ext-host: gRPC on ${ip}: ${e.message}`);
      process.exit(1);
    }
    listening();
  });
}
for (const s of servers)
  s.on('error', (e) => {
    console.error(`ext-host: ${e.message}`);
    process.exit(1);
  });
process.on('SIGTERM', () => process.exit(0));
