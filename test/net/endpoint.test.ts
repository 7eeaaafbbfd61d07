import { describe, expect, it } from 'vitest';
import { formatEndpoint, isLoopback, parseEndpoint } from '../../src/net/endpoint.js';
import { parseIp } from '../../src/net/ip.js';
import { isLearnable } from '../../src/net/learnable.js';

describe('endpoints: an address with an optional port', () => {
  it('reads IPv4, IPv4:port, bare IPv6 and [IPv6]:port, and writes them as Pipy connects', () => {
    const round = (text: string) => {
      const e = parseEndpoint(text, 53);
      return e && formatEndpoint(e);
    };
    expect(round('192.0.2.53')).toBe('192.0.2.53:53');
    expect(round('192.0.2.53:5353')).toBe('192.0.2.53:5353');
    expect(round('2001:DB8::53')).toBe('[2001:db8::53]:53');
    expect(round('[2001:db8::53]:5353')).toBe('[2001:db8::53]:5353');
    expect(round('[2001:db8::53]')).toBe('[2001:db8::53]:53');
    for (const bad of ['', 'a.example:53', '192.0.2.53:0', '192.0.2.53:65536', '[192.0.2.53]:53', '192.0.2.53:53:53']) {
      expect(parseEndpoint(bad, 53), bad).toBeUndefined();
    }
  });

  it('knows loopback', () => {
    expect(['127.0.0.1', '127.0.0.153', '::1'].map((a) => isLoopback(parseIp(a)!))).toEqual([true, true, true]);
    expect(['128.0.0.1', '::2', '192.0.2.1'].map((a) => isLoopback(parseIp(a)!))).toEqual([false, false, false]);
  });
});

describe('what the DNS proxy may learn', () => {
  it.each([
    ['127.0.0.1'],
    ['127.255.0.9'],
    ['169.254.169.254'],
    ['0.0.0.0'],
    ['::'],
    ['::1'],
    ['fe80::1'],
    ['febf::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:203.0.113.10'],
  ])('never %s', (a) => {
    expect(isLearnable(parseIp(a)!)).toBe(false);
  });

  it.each([['203.0.113.10'], ['169.253.0.1'], ['2001:db8::10'], ['fec0::1'], ['::2']])('%s', (a) => {
    expect(isLearnable(parseIp(a)!)).toBe(true);
  });
});
