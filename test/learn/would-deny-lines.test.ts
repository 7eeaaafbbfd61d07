import { describe, expect, it } from 'vitest';
import { readLogLine } from '../../src/learn/would-deny-lines.js';

const LINE =
  'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed identity=shop/checkout host="evil.example" method="GET" path="/a b?\\"q\\""';
const READ = {
  kind: 'would-deny',
  line: {
    identity: 'shop/checkout',
    dst: '203.0.113.10:80',
    proto: 'http',
    reason: 'host-not-allowed',
    host: 'evil.example',
    sni: null,
    method: 'GET',
    path: '/a b?"q"',
  },
};

describe('readLogLine', () => {
  it.each([
    ['as the sidecar writes it', LINE],
    ["after Pipy 1.5's time and level", `2026-12-06 16:08:29.222 [ERR] ${LINE}`],
    ["after Pipy 0.90's", `2026-12-06 16:08:29.230 [INF] ${LINE}`],
    ['after kubectl logs --timestamps', `2026-12-06T16:08:29.222836273Z 2026-12-06 16:08:29.222 [ERR] ${LINE}`],
    ['after kubectl logs --prefix', `[pod/checkout-7d9f/sidecar] 2026-12-06 16:08:29.222 [ERR] ${LINE}`],
    ['with a CRLF', `${LINE}\r`],
  ])('reads a would-deny line %s', (_what, text) => {
    expect(readLogLine(text)).toEqual(READ);
  });

  it('reads TLS, TCP, IPv6 and lines without an identity', () => {
    expect(
      readLogLine('pipyc egress would-deny dst=[2001:db8::1]:443 proto=tls reason=sni-not-allowed sni="A.example"'),
    ).toMatchObject({
      line: { identity: null, dst: '[2001:db8::1]:443', proto: 'tls', sni: 'A.example' },
    });
    expect(
      readLogLine('x pipyc egress would-deny dst=203.0.113.20:5432 proto=tcp reason=no-policy-for-port'),
    ).toMatchObject({
      line: { proto: 'tcp', host: null, sni: null },
    });
  });

  it('tells held-back counts and other lines apart', () => {
    expect(readLogLine('pipyc egress would-deny held-back=12 (written at most once a minute ...)')).toEqual({
      kind: 'held-back',
    });
    expect(readLogLine('2026-12-06T10:00:00Z [ERR] pipyc egress held-back=3 (lines written at most once ...)')).toEqual(
      {
        kind: 'held-back',
      },
    );
    // A Host that reads like a held-back count does not hide the would-deny line it is in.
    expect(
      readLogLine(
        'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host="pipyc egress held-back=1 x"',
      ),
    ).toMatchObject({ kind: 'would-deny' });
    expect(readLogLine('pipyc egress deny dst=203.0.113.10:80 proto=tcp reason=no-policy-for-port')).toEqual({
      kind: 'other',
    });
    expect(readLogLine('[INF] Thread 0 started')).toEqual({ kind: 'other' });
  });

  it.each([
    [
      'a truncated quoted value',
      'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host="evil',
    ],
    [
      'an unquoted traffic value',
      'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=host-not-allowed host=evil',
    ],
    ['a forged field', 'pipyc egress would-deny dst=203.0.113.10:80 proto=tcp reason=x forged=1'],
    ['a field twice', 'pipyc egress would-deny dst=203.0.113.10:80 dst=203.0.113.11:80 proto=tcp reason=x'],
    ['no reason', 'pipyc egress would-deny dst=203.0.113.10:80 proto=tcp'],
    ['garbage', 'pipyc egress would-deny \u0000\u001b[31m garbage'],
    ['two spaces', 'pipyc egress would-deny dst=203.0.113.10:80  proto=tcp reason=x'],
    ['a bad identity', 'pipyc egress would-deny dst=203.0.113.10:80 proto=tcp reason=x identity=Shop/../../etc'],
    ['a bad JSON escape', 'pipyc egress would-deny dst=203.0.113.10:80 proto=http reason=x host="\\x41"'],
    ['a reason that is not a word', 'pipyc egress would-deny dst=203.0.113.10:80 proto=tcp reason=a"b'],
  ])('never guesses from %s: unreadable, with why', (_what, text) => {
    const read = readLogLine(text);
    expect(read.kind).toBe('unreadable');
    expect((read as { why: string }).why).not.toMatch(/[\u0000-\u001f]/);
  });
});
