import { describe, expect, it } from 'vitest';
import { formatCidr, parseCidr, parseIp } from '../../src/net/ip.js';
import { prefixKey } from '../../src/net/prefix-key.js';

describe('IP parsing', () => {
  it('reads IPv4 strictly', () => {
    expect(parseIp('203.0.113.7')).toEqual({ family: 4, value: 3405803783 });
    for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '256.0.0.1', ' 1.2.3.4', '1.2.3.-1'])
      expect(parseIp(bad)).toBeUndefined();
  });

  it('reads IPv6 with :: and an embedded IPv4 tail', () => {
    expect(parseIp('2001:db8::1')).toEqual({ family: 6, groups: [0x2001, 0xdb8, 0, 0, 0, 0, 0, 1] });
    expect(parseIp('::ffff:192.0.2.1')).toEqual({ family: 6, groups: [0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201] });
    for (const bad of ['2001:db8:::1', '1::2::3', '12345::', 'fe80::1%eth0', ':1:2:3:4:5:6:7'])
      expect(parseIp(bad)).toBeUndefined();
  });

  it('canonicalises CIDRs and refuses host bits', () => {
    const ok = (t: string) => {
      const p = parseCidr(t);
      return p.kind === 'parsed' ? formatCidr(p.cidr) : p.reason;
    };
    expect(ok('2001:DB8:0:0::/64')).toBe('2001:db8::/64');
    expect(ok('192.0.2.9')).toBe('192.0.2.9/32');
    expect(parseCidr('192.0.2.9/24')).toMatchObject({ kind: 'invalid', suggestion: '192.0.2.0/24' });
  });

  it('keys an address the same way under every prefix as its covering CIDR', () => {
    const ip = parseIp('2001:db8:abcd:12::5')!;
    const net = parseCidr('2001:db8:abc0::/44');
    if (net.kind !== 'parsed') expect.fail(`2001:db8:abc0::/44 did not parse: ${net.reason}`);
    expect(prefixKey(ip, 44)).toBe(prefixKey(net.cidr.address, 44));
    expect(prefixKey(ip, 44)).toBe('#44/8193:3512:43968');
    expect(prefixKey(parseIp('10.1.2.3')!, 8)).toBe('#8/167772160');
    expect(prefixKey(parseIp('10.1.2.3')!, 0)).toBe('#0/0');
  });
});
