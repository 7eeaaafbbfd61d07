/**
 * The DNS server of the test and benchmark labs: Debian's dnsmasq on `address`:53 inside a namespace, answering only
 * from `records` (dnsmasq lines such as `host-record=db.example.com,203.0.113.20,300`), never from the host's files.
 */
export function dnsmasqConfig(address: string, records: readonly string[]): string {
  return [
    'no-resolv',
    'no-hosts',
    'bind-interfaces',
    `listen-address=${address}`,
    'port=53',
    'user=root',
    ...records,
    '',
  ].join('\n');
}
