// A resolver that misbehaves on purpose, run in the external namespace by dns-learning.e2e.test.ts on <ip> port 53.
// For every query it sends, in order: an answer with another id, an answer to another question (same id), the true
// answer, then a second "true" answer with another address (unsolicited: its query was already answered).
// Names n<i>.<anything> answer A 198.51.100.<i % 250 + 1> or AAAA 2001:db8:f::<i in hex>, one true answer only.
import dgram from 'node:dgram';

const [ip] = process.argv.slice(2);
const A = { 'spoof.example.com': ['203.0.113.10', '203.0.113.11', '203.0.113.20', '203.0.113.200'] };

function readName(buf, at) {
  const labels = [];
  while (buf[at] !== 0) {
    labels.push(buf.subarray(at + 1, at + 1 + buf[at]).toString());
    at += buf[at] + 1;
  }
  return { name: labels.join('.'), end: at + 1 };
}

function encodeName(name) {
  return Buffer.concat([
    ...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

function answer(id, name, type, rdata) {
  const header = Buffer.from([id >> 8, id & 255, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]);
  const question = Buffer.concat([encodeName(name), Buffer.from([0, type, 0, 1])]);
  const record = Buffer.concat([Buffer.from([0xc0, 12, 0, type, 0, 1, 0, 0, 1, 44, 0, rdata.length]), rdata]);
  return Buffer.concat([header, question, record]);
}

const v4 = (text) => Buffer.from(text.split('.').map(Number));
const v6 = (i) => {
  const b = Buffer.alloc(16);
  b.writeUInt16BE(0x2001, 0);
  b.writeUInt16BE(0x0db8, 2);
  b.writeUInt16BE(0x000f, 4);
  b.writeUInt32BE(i, 12);
  return b;
};

const server = dgram.createSocket('udp4');
server.on('message', (m, from) => {
  const id = m.readUInt16BE(0);
  const { name, end } = readName(m, 12);
  const type = m.readUInt16BE(end);
  const send = (b) => server.send(b, from.port, from.address);
  const flood = /^n(\d+)\./.exec(name);
  if (flood)
    return send(
      answer(id, name, type, type === 28 ? v6(Number(flood[1])) : v4(`198.51.100.${(Number(flood[1]) % 250) + 1}`)),
    );
  const [wrongId, otherQuestion, truth, late] = A[name] ?? [];
  if (!truth) return;
  send(answer(id ^ 1, name, 1, v4(wrongId)));
  send(answer(id, `other.${name}`, 1, v4(otherQuestion)));
  send(answer(id, name, 1, v4(truth)));
  setTimeout(() => send(answer(id, name, 1, v4(late))), 50);
});
server.bind(53, ip, () => console.log('ready'));
