// Sends exactly <count> GET requests to <url> and exits non-zero unless every one was answered 200: one after another
// over one kept-alive connection, or with `close` a new connection (and `Connection: close`) each; with <connections>
// above 1, that many at a time (keep-alive: over that many connections).
//   node bench/runtime/requests.mjs <url> <count> [close|keep-alive] [connections]
import http from 'node:http';
import https from 'node:https';

const [url, countText, mode, connectionsText] = process.argv.slice(2);
const count = Number(countText);
const close = mode === 'close';
const connections = Math.max(1, Number(connectionsText ?? 1));
const target = new URL(url);
const client = target.protocol === 'https:' ? https : http;
const agent = close ? false : new client.Agent({ keepAlive: true, maxSockets: connections });

function request() {
  return new Promise((resolve, reject) => {
    const req = client.get(
      target,
      { agent, headers: close ? { connection: 'close' } : {}, rejectUnauthorized: false, timeout: 30_000 },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`answered ${res.statusCode}`))));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', reject);
  });
}

let sent = 0;
async function worker() {
  while (sent < count) {
    sent++;
    await request();
  }
}

try {
  await Promise.all(Array.from({ length: Math.min(connections, count) }, worker));
  if (agent) agent.destroy();
} catch (e) {
  console.error(`request failed: ${e.message}`);
  process.exit(1);
}
