// Sends exactly <count> GET requests to <url> one after another and exits non-zero unless every one was answered 200:
// over one kept-alive connection, or with `close` a new connection (and `Connection: close`) each.
//   node bench/runtime/requests.mjs <url> <count> [close]
import http from 'node:http';
import https from 'node:https';

const [url, countText, mode] = process.argv.slice(2);
const count = Number(countText);
const close = mode === 'close';
const target = new URL(url);
const client = target.protocol === 'https:' ? https : http;
const agent = close ? false : new client.Agent({ keepAlive: true, maxSockets: 1 });

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

try {
  for (let i = 0; i < count; i++) await request();
  if (agent) agent.destroy();
} catch (e) {
  console.error(`request failed: ${e.message}`);
  process.exit(1);
}
