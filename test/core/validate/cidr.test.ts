import { cidrContains, cidrIsStrictSubset, cidrsCoverFamily, parseCidr, parseCidrOfFamily } from '../../../src/core/validate/cidr';

const c = (text: string) => parseCidr('T', 'p', text);

describe('parseCidr (ipaddr.js)', () => {
  test.each<[string, string]>([
    ['10.0.0.1', '10.0.0.1/32'],
    ['10.0.0.0/16', '10.0.0.0/16'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['FD00:EC2:0:0:0:0:0:23', 'fd00:ec2::23/128'],
    ['2001:db8:0:0:1:0:0:0/96', '2001:db8:0:0:1::/96'],
    ['::/0', '::/0'],
  ])('%s is read as %s (canonical, RFC 5952 for IPv6)', (input, text) => {
    expect(c(input).text).toBe(text);
  });

  test.each<[unknown, string]>([
    ['010.0.0.1', 'T: p "010.0.0.1" is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['0x0a.0.0.1', 'T: p "0x0a.0.0.1" is not an IP address or CIDR'],
    ['10.0.0.0/016', 'T: p "10.0.0.0/016" is not an IP address or CIDR'],
    ['10.0.0.0/33', 'T: p "10.0.0.0/33" is not an IP address or CIDR'],
    [' 10.0.0.1', 'T: p " 10.0.0.1" is not an IP address or CIDR'],
    ['fe80::1%eth0', 'T: p "fe80::1%eth0" is not an IP address or CIDR'],
    ['::ffff:10.0.0.1', 'T: p "::ffff:10.0.0.1" is an IPv4-mapped IPv6 address; write the IPv4 address instead; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".'],
    ['10.0.1.15/24', 'T: p "10.0.1.15/24" has host bits set; the block it means is "10.0.1.0/24" (write that, or the single address "10.0.1.15").'],
    [null, 'T: p null is not an IP address or CIDR'],
    [42, 'T: p 42 is not an IP address or CIDR'],
  ])('refuses %p', (input, message) => {
    expect(() => parseCidr('T', 'p', input)).toThrow(message);
  });

  test('containment, strict subsets (the ValidateIPBlock rule) and families', () => {
    expect(cidrContains(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(true);
    expect(cidrIsStrictSubset(c('10.0.0.0/16'), c('10.0.0.0/16'))).toBe(false);
    expect(cidrIsStrictSubset(c('10.0.1.15'), c('10.0.0.0/16'))).toBe(true);
    expect(cidrIsStrictSubset(c('10.0.1.15'), c('10.0.64.0/20'))).toBe(false);
    expect(cidrIsStrictSubset(c('::/1'), c('0.0.0.0/0'))).toBe(false);
  });

  test('cidrsCoverFamily adds blocks up', () => {
    expect(cidrsCoverFamily([c('0.0.0.0/1'), c('128.0.0.0/1')], 4)).toBe(true);
    expect(cidrsCoverFamily([c('0.0.0.0/1'), c('128.0.0.0/2'), c('192.0.0.0/2')], 4)).toBe(true);
    expect(cidrsCoverFamily([c('0.0.0.0/1'), c('128.0.0.0/2')], 4)).toBe(false);
    expect(cidrsCoverFamily([c('0.0.0.0/0')], 6)).toBe(false);
  });
});

describe('parseCidrOfFamily', () => {
  const v4 = (value: unknown) => parseCidrOfFamily('T', 'p', value, 4, 'is not an IPv4 CIDR.');
  test('accepts a CIDR of the family written with its prefix', () => {
    expect(v4('203.0.113.0/24').text).toBe('203.0.113.0/24');
  });
  test.each<[unknown, string]>([
    ['203.0.113.5', 'T: p "203.0.113.5" is not an IPv4 CIDR.'],
    ['2001:db8::/32', 'T: p "2001:db8::/32" is not an IPv4 CIDR.'],
    ['203.0.113.0/33', 'T: p "203.0.113.0/33" is not an IPv4 CIDR.'],
    [undefined, 'T: p undefined is not an IPv4 CIDR.'],
    ['203.0.113.5/24', 'T: p "203.0.113.5/24" has host bits set; the block it means is "203.0.113.0/24" (write that, or the single address "203.0.113.5").'],
  ])('refuses %p', (input, message) => {
    expect(() => v4(input)).toThrow(message);
  });
});
