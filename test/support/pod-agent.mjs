// Runs inside the "pod" namespace: reads one JSON probe per line on stdin, performs it through the redirected
// network, and writes one JSON result per line. Every probe is bounded by its timeout.
import net from 'node:net';
import dgram from 'node:dgram';
import tls from 'node:tls';
import readline from 'node:readline';
import http2 from 'node:http2';
import grpc from '@grpc/grpc-js';
import WebSocket from 'ws';

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const probe = JSON.parse(line);
  let result;
  try {
    result = await run(probe);
  } catch (e) {
    result = { outcome: 'error', error: String(e?.message) };
  }
  process.stdout.write(JSON.stringify({ id: probe.id, ...result }) + '\n');
});

function run(p) {
  if (p.kind === 'tcp') return tcpProbe(p);
  if (p.kind === 'dns') return dnsProbe(p);
  if (p.kind === 'dns-flood') return dnsFlood(p);
  if (p.kind === 'udp') return udpSend(p);
  if (p.kind === 'raw') return rawProbe(p);
  if (p.kind === 'h2c') return h2cProbe(p);
  if (p.kind === 'burst') return burstProbe(p);
  if (p.kind === 'client-hello') return captureClientHello(p);
  if (p.kind === 'tls') return tlsProbe(p);
  if (p.kind === 'http') return httpProbe(p);
  if (p.kind === 'grpc') return grpcProbe(p);
  if (p.kind === 'websocket') return webSocketProbe(p);
  if (p.kind === 'open') return openSession(p);
  if (p.kind === 'send') return sendOnSession(p);
  if (p.kind === 'close') return closeSession(p);
  if (p.kind === 'ended') return sessionEnded(p);
  throw new Error(`unknown probe kind ${p.kind}`);
}

function split(dst) {
  const m = /^\[(.+)\]:(\d+)$/.exec(dst) ?? /^(.+):(\d+)$/.exec(dst);
  return { host: m[1], port: Number(m[2]) };
}

/** Connects, optionally sends, and collects what comes back until the server closes or the time is up. */
function tcpProbe(p) {
  return new Promise((resolve) => {
    const { host, port } = split(p.dst);
    const socket = net.connect({ host, port });
    let data = '';
    let error = null;
    const finish = (why) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: data ? 'forward' : error === 'ECONNRESET' || error === 'EPIPE' ? 'reset' : why, data, error });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 2000);
    socket.on('connect', () => p.send !== undefined && socket.write(p.send));
    socket.on('data', (d) => {
      data += d;
      if (p.until && data.includes(p.until)) finish('forward');
    });
    socket.on('error', (e) => (error = e.code ?? e.message));
    socket.on('close', () => finish(error ? 'reset' : 'closed'));
  });
}

function tlsProbe(p) {
  return new Promise((resolve) => {
    const { host, port } = split(p.dst);
    const socket = tls.connect({ host, port, servername: p.sni ?? '', rejectUnauthorized: false });
    let data = '';
    let error = null;
    const finish = (why) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: data ? 'forward' : error ? 'reset' : why, data, error, certificate });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 2000);
    let certificate = '';
    socket.on('secureConnect', () => {
      certificate = socket.getPeerCertificate()?.subject?.CN ?? '';
      socket.write('ping\n');
    });
    socket.on('data', (d) => {
      data += d;
      finish('forward');
    });
    socket.on('error', (e) => (error = e.code ?? e.message));
    socket.on('close', () => finish(error ? 'reset' : 'closed'));
  });
}

/** Sends one or more HTTP/1.1 requests on one keep-alive connection; reads a response per request. */
function httpProbe(p) {
  return new Promise((resolve) => {
    const { host, port } = split(p.dst);
    const socket = net.connect({ host, port });
    const requests = p.requests;
    const responses = [];
    let buffer = Buffer.alloc(0);
    let error = null;
    let done = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const outcome = responses.length === 0 ? (error ? 'reset' : why) : 'responses';
      resolve({ outcome, responses, error });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 3000);
    const send = (r) => {
      const headers = { ...(r.host !== undefined && { Host: r.host }), ...(r.headers ?? {}), 'Content-Length': '0' };
      const head =
        `${r.method ?? 'GET'} ${r.path ?? '/'} HTTP/1.1\r\n` +
        Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('') +
        '\r\n';
      socket.write(head);
    };
    socket.on('connect', () => send(requests[0]));
    socket.on('data', (d) => {
      buffer = Buffer.concat([buffer, d]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        const isHead = (requests[responses.length].method ?? 'GET') === 'HEAD';
        const length = isHead ? 0 : Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        const status = Number(head.split(' ')[1]);
        const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
        buffer = buffer.subarray(end + 4 + length);
        const headers = Object.fromEntries(
          head
            .split('\r\n')
            .slice(1)
            .map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        responses.push({ status, headers, body });
        if (responses.length === requests.length) return finish('responses');
        const nextRequest = requests[responses.length];
        // delayMs keeps the connection idle before the next request (e.g. across a sidecar reload).
        if (nextRequest.delayMs) setTimeout(() => send(nextRequest), nextRequest.delayMs);
        else send(nextRequest);
      }
    });
    socket.on('error', (e) => (error = e.code ?? e.message));
    socket.on('close', () => finish(error ? 'reset' : 'closed'));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sends chunks (hex or text) with optional pauses, then reads until the peer closes or the time is up. */
function rawProbe(p) {
  return new Promise((resolve) => {
    const { host, port } = split(p.dst);
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let error = null;
    let done = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ outcome: why, data: received.subarray(0, 512).toString('latin1'), bytes: received.length, error });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 3000);
    socket.on('connect', async () => {
      for (const c of p.chunks) {
        if (c.delayMs) await sleep(c.delayMs);
        if (done) return;
        const data = c.hex !== undefined ? Buffer.from(c.hex, 'hex') : Buffer.from(c.text ?? '', 'latin1');
        for (let i = 0; i < (c.repeat ?? 1); i++) socket.write(data);
      }
      if (p.end) socket.end();
    });
    socket.on('data', (d) => {
      received = Buffer.concat([received, d]);
      if (p.until && received.includes(p.until)) finish('forward');
    });
    socket.on('error', (e) => (error = e.code ?? e.message));
    socket.on('close', () => finish(error ? 'reset' : 'closed'));
  });
}

/** Opens `count` connections at once, sends `send` on each, and counts the echoes that come back in time. */
async function burstProbe(p) {
  const { host, port } = split(p.dst);
  const started = Date.now();
  const one = () =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port });
      let data = '';
      const timer = setTimeout(() => (socket.destroy(), resolve('timeout')), p.timeoutMs ?? 10000);
      socket.on('connect', () => socket.write(p.send));
      socket.on('data', (d) => {
        data += d;
        if (data.includes(p.send)) {
          clearTimeout(timer);
          socket.destroy();
          resolve('echoed');
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => (clearTimeout(timer), resolve(data.includes(p.send) ? 'echoed' : 'closed')));
    });
  const results = await Promise.all(Array.from({ length: p.count }, one));
  const count = (k) => results.filter((r) => r === k).length;
  return {
    outcome: 'burst',
    echoed: count('echoed'),
    closed: count('closed'),
    timedOut: count('timeout'),
    millis: Date.now() - started,
  };
}

/** A real ClientHello for `sni`, captured on loopback (not redirected), as hex. */
function captureClientHello(p) {
  return new Promise((resolve) => {
    const server = net.createServer((s) => {
      s.once('data', (d) => {
        resolve({ outcome: 'captured', hex: d.toString('hex') });
        s.destroy();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const c = tls.connect({
        host: '127.0.0.1',
        port: server.address().port,
        servername: p.sni,
        rejectUnauthorized: false,
      });
      c.on('error', () => {});
    });
  });
}

/** HTTP/2 with prior knowledge (h2c): one request per path on one session. */
function h2cProbe(p) {
  return new Promise((resolve) => {
    const session = http2.connect(`http://${p.dst}`);
    const responses = [];
    let error = null;
    const finish = (why) => {
      clearTimeout(timer);
      session.destroy();
      resolve({ outcome: responses.length ? 'responses' : error ? 'reset' : why, responses, error });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 3000);
    session.on('error', (e) => (error = e.code ?? e.message));
    session.on('close', () => finish('closed'));
    const next = (i) => {
      if (i === p.requests.length) return finish('responses');
      const r = p.requests[i];
      const req = session.request({ ':path': r.path ?? '/', ':method': r.method ?? 'GET', ':authority': r.host });
      let body = '';
      let headers = {};
      req.on('response', (h) => (headers = h));
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        responses.push({ status: Number(headers[':status']), headers, body });
        next(i + 1);
      });
      req.on('error', (e) => ((error = e.code ?? e.message), finish('reset')));
      req.end();
    };
    next(0);
  });
}

const raw = (b) => b;

/** A gRPC channel (h2c, prior knowledge) for `dst`, with `authority` as its :authority when given. */
function grpcClient(p) {
  return new grpc.Client(
    p.dst,
    grpc.credentials.createInsecure(),
    p.authority ? { 'grpc.default_authority': p.authority } : {},
  );
}

/** One unary call: its status code, details and response (as text). */
function unaryCall(client, call, timeoutMs) {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      call.path,
      raw,
      raw,
      Buffer.from(call.message ?? 'hi'),
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (e, response) => resolve(e ? { code: e.code, details: e.details } : { code: 0, response: String(response) }),
    );
  });
}

/** One bidirectional stream: sends each message after the previous answer, then ends; what came back and the status. */
function chatCall(client, call, timeoutMs) {
  return new Promise((resolve) => {
    const stream = client.makeBidiStreamRequest(call.path, raw, raw, new grpc.Metadata(), {
      deadline: Date.now() + timeoutMs,
    });
    const responses = [];
    const queue = [...call.stream];
    stream.on('data', (d) => {
      responses.push(String(d));
      if (queue.length > 0) stream.write(Buffer.from(queue.shift()));
      else stream.end();
    });
    stream.on('status', (s) => resolve({ code: s.code, details: s.details, responses }));
    stream.on('error', () => {});
    stream.write(Buffer.from(queue.shift()));
  });
}

/** gRPC calls on one channel, all at once (multiplexed on one connection): a result per call. */
async function grpcProbe(p) {
  const client = grpcClient(p);
  try {
    const timeoutMs = p.timeoutMs ?? 3000;
    const calls = await Promise.all(
      p.calls.map((c) => (c.stream ? chatCall(client, c, timeoutMs) : unaryCall(client, c, timeoutMs))),
    );
    return { outcome: 'calls', calls };
  } finally {
    client.close();
  }
}

/** A WebSocket handshake through the sidecar, then `messages` echoed one by one. */
function webSocketProbe(p) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${p.dst}${p.path ?? '/'}`, {
      headers: p.host ? { host: p.host } : {},
      handshakeTimeout: p.timeoutMs ?? 3000,
    });
    const echoed = [];
    let upgrade = null;
    const finish = (outcome, extra = {}) => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ outcome, echoed, upgrade, ...extra });
    };
    const timer = setTimeout(() => finish('timeout'), p.timeoutMs ?? 3000);
    ws.on('upgrade', (res) => (upgrade = { status: res.statusCode, headers: res.headers }));
    ws.on('unexpected-response', (_req, res) => finish('refused', { status: res.statusCode, headers: res.headers }));
    ws.on('open', () => ws.send(p.messages[0]));
    ws.on('message', (m) => {
      echoed.push(String(m));
      if (echoed.length < p.messages.length) ws.send(p.messages[echoed.length]);
      else finish('echoed');
    });
    ws.on('error', (e) => finish('error', { error: e.code ?? e.message }));
    ws.on('close', () => finish('closed'));
  });
}

// Long-lived connections for reload tests: opened once, then used one exchange at a time until closed.
const sessions = new Map();

/** Opens a session of `type` and does one exchange on it; its id is `session`. */
async function openSession(p) {
  const s = { type: p.type, p, closed: false, error: null };
  sessions.set(p.session, s);
  const settle = (why) => {
    if (!s.closed) {
      s.closed = why;
      s.waiter?.({ outcome: why, error: s.error });
    }
  };
  if (p.type === 'tcp' || p.type === 'tls' || p.type === 'http') {
    const { host, port } = split(p.dst);
    s.socket =
      p.type === 'tls'
        ? tls.connect({ host, port, servername: p.sni ?? '', rejectUnauthorized: false })
        : net.connect({ host, port });
    s.socket.on('data', (d) => s.onData?.(d));
    s.socket.on('error', (e) => (s.error = e.code ?? e.message));
    s.socket.on('close', () => settle(s.error ? 'reset' : 'closed'));
    await new Promise((resolve) =>
      s.socket.once(p.type === 'tls' ? 'secureConnect' : 'connect', resolve).once('close', resolve),
    );
  } else if (p.type === 'h2c') {
    s.h2 = http2.connect(`http://${p.dst}`);
    s.h2.on('error', (e) => (s.error = e.code ?? e.message));
    s.h2.on('close', () => settle('closed'));
    s.h2.on('goaway', () => (s.goaway = true));
  } else if (p.type === 'grpc') {
    s.client = grpcClient(p);
  } else if (p.type === 'grpc-chat') {
    s.client = grpcClient(p);
    s.stream = s.client.makeBidiStreamRequest(p.path, raw, raw, new grpc.Metadata(), {});
    s.stream.on('data', (d) => s.onData?.(d));
    s.stream.on('status', (st) => ((s.status = { code: st.code, details: st.details }), settle('ended')));
    s.stream.on('error', () => {});
  } else if (p.type === 'websocket') {
    s.ws = new WebSocket(`ws://${p.dst}/`, { headers: { host: p.host } });
    s.ws.on('message', (m) => s.onData?.(m));
    s.ws.on('error', (e) => (s.error = e.code ?? e.message));
    s.ws.on('close', () => settle('closed'));
    const opened = await new Promise((resolve) =>
      s.ws
        .once('open', () => resolve(true))
        .once('close', () => resolve(false))
        .once('unexpected-response', () => resolve(false)),
    );
    if (!opened) return { outcome: 'refused' };
  }
  return exchange(s, p.message ?? 'first');
}

/** One exchange: a line, a request or a call; what came back, or how the connection ended. */
function exchange(s, message) {
  const p = s.p;
  if (s.closed) return Promise.resolve({ outcome: s.closed, error: s.error, ...(s.status && { status: s.status }) });
  return new Promise((resolve) => {
    const timer = setTimeout(() => done({ outcome: 'timeout' }), p.timeoutMs ?? 3000);
    const done = (r) => {
      clearTimeout(timer);
      s.onData = null;
      s.waiter = null;
      resolve({ ...r, ...(s.status && { status: s.status }) });
    };
    s.waiter = done;
    if (s.type === 'tcp' || s.type === 'tls') {
      s.onData = (d) => done({ outcome: 'ok', data: String(d) });
      s.socket.write(`${message}\n`);
    } else if (s.type === 'http') {
      let buffer = '';
      s.onData = (d) => {
        buffer += d;
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length:\s*(\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length >= end + 4 + length)
          done({
            outcome: 'ok',
            status: Number(buffer.split(' ')[1]),
            data: buffer.slice(end + 4, end + 4 + length),
            head: buffer.slice(0, end),
          });
      };
      s.socket.write(`GET /${message} HTTP/1.1\r\nHost: ${p.host}\r\nContent-Length: 0\r\n\r\n`);
    } else if (s.type === 'h2c') {
      if (s.h2.closed || s.h2.destroyed) return done({ outcome: 'closed' });
      const req = s.h2.request({ ':path': `/${message}`, ':authority': p.host });
      let body = '';
      let status = 0;
      req.on('response', (h) => (status = Number(h[':status'])));
      req.on('data', (d) => (body += d));
      req.on('end', () => done({ outcome: 'ok', status, data: body }));
      req.on('error', (e) => done({ outcome: 'reset', error: e.code ?? e.message }));
      req.end();
    } else if (s.type === 'grpc') {
      unaryCall(s.client, { path: p.path, message }, p.timeoutMs ?? 3000).then((r) =>
        done({ outcome: r.code === 0 ? 'ok' : 'status', ...r }),
      );
    } else if (s.type === 'grpc-chat') {
      s.onData = (d) => done({ outcome: 'ok', data: String(d) });
      s.stream.write(Buffer.from(message));
    } else if (s.type === 'websocket') {
      s.onData = (d) => done({ outcome: 'ok', data: String(d) });
      s.ws.send(message);
    }
  });
}

function sendOnSession(p) {
  const s = sessions.get(p.session);
  if (!s) throw new Error(`no session ${p.session}`);
  return exchange(s, p.message ?? 'again');
}

/** Waits, sending nothing, until the session ends or `timeoutMs` passes. */
function sessionEnded(p) {
  const s = sessions.get(p.session);
  if (!s) throw new Error(`no session ${p.session}`);
  if (s.closed) return { outcome: s.closed, error: s.error };
  return new Promise((resolve) => {
    const timer = setTimeout(() => ((s.waiter = null), resolve({ outcome: 'timeout' })), p.timeoutMs ?? 3000);
    s.waiter = (r) => (clearTimeout(timer), resolve(r));
  });
}

function closeSession(p) {
  const s = sessions.get(p.session);
  sessions.delete(p.session);
  s?.socket?.destroy();
  s?.h2?.destroy();
  s?.stream?.cancel();
  s?.client?.close();
  s?.ws?.terminate();
  return { outcome: 'closed' };
}

// DNS, written by hand so a test controls the id, the transport and the packet itself.
function dnsQuery(id, name, type, edns = false) {
  const labels = name
    .split('.')
    .filter(Boolean)
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  const header = Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, edns ? 1 : 0]);
  // EDNS(0): an OPT record (root name, type 41, 4096-byte payload) in the additional section, as dig sends by default.
  const opt = edns ? [Buffer.from([0, 0, 41, 16, 0, 0, 0, 0, 0, 0, 0])] : [];
  return Buffer.concat([header, ...labels, Buffer.from([0, 0, type === 'AAAA' ? 28 : 1, 0, 1]), ...opt]);
}

/** The A and AAAA addresses of an answer (names skipped, compression pointers followed only to skip). */
function dnsAddresses(buf) {
  const skipName = (at) => {
    while (at < buf.length) {
      const n = buf[at];
      if (n === 0) return at + 1;
      if ((n & 0xc0) === 0xc0) return at + 2;
      at += n + 1;
    }
    return at;
  };
  const count = (at) => buf.readUInt16BE(at);
  let at = 12;
  for (let q = 0; q < count(4); q++) at = skipName(at) + 4;
  const addresses = [];
  for (let a = 0; a < count(6) && at < buf.length; a++) {
    at = skipName(at);
    const type = buf.readUInt16BE(at);
    const length = buf.readUInt16BE(at + 8);
    const data = buf.subarray(at + 10, at + 10 + length);
    if (type === 1 && length === 4) addresses.push([...data].join('.'));
    if (type === 28 && length === 16) addresses.push(formatV6(data));
    at += 10 + length;
  }
  return { id: buf.readUInt16BE(0), rcode: buf[3] & 15, addresses };
}

function formatV6(data) {
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(data.readUInt16BE(i).toString(16));
  // The longest run of two or more zero groups becomes '::' (RFC 5952).
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j > i ? j : i + 1;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
}

function dnsProbe(p) {
  const [host, portText] = p.server.split(':');
  const port = Number(portText ?? 53);
  const id = p.id ?? Math.floor(Math.random() * 65535);
  const query = dnsQuery(id, p.name, p.type ?? 'A', p.edns === true);
  return new Promise((resolve) => {
    let done = false;
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      close();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout' }), p.timeoutMs ?? 3000);
    let close = () => {};
    if (p.transport === 'tcp') {
      const socket = net.connect({ host, port }, () =>
        socket.write(Buffer.concat([Buffer.from([query.length >> 8, query.length & 255]), query])),
      );
      let got = Buffer.alloc(0);
      socket.on('data', (d) => {
        got = Buffer.concat([got, d]);
        if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0))
          finish({ outcome: 'ok', ...dnsAddresses(got.subarray(2, 2 + got.readUInt16BE(0))) });
      });
      socket.on('error', (e) => finish({ outcome: 'error', error: e.code ?? e.message }));
      close = () => socket.destroy();
    } else {
      const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.on('message', (m) => m.readUInt16BE(0) === id && finish({ outcome: 'ok', ...dnsAddresses(m) }));
      socket.on('error', (e) => finish({ outcome: 'error', error: e.code ?? e.message }));
      socket.send(query, port, host);
      close = () => socket.close();
    }
  });
}

/** `count` queries for <i>.<suffix> (i from `from`), `concurrency` at a time, bounded by `timeoutMs` in all. */
async function dnsFlood(p) {
  const deadline = Date.now() + (p.timeoutMs ?? 60000);
  let next = 0;
  let answered = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < p.count && Date.now() < deadline) {
      const i = next++;
      const r = await dnsProbe({
        server: p.server,
        name: `n${(p.from ?? 0) + i}.${p.suffix}`,
        type: p.type ?? 'A',
        timeoutMs: 2000,
      });
      if (r.outcome === 'ok') answered++;
    }
  };
  await Promise.all(Array.from({ length: p.concurrency ?? 16 }, worker));
  return { outcome: 'ok', count: answered, millis: Date.now() - started };
}

function udpSend(p) {
  const [host, port] = p.dst.split(':');
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.send(Buffer.from(p.hex, 'hex'), Number(port), host, (e) => {
      socket.close();
      resolve({ outcome: e ? 'error' : 'ok', error: e ? e.message : null });
    });
  });
}
