// The osm-edge objects the benchmarks generate (bench:mesh's mesh, bench's osm-edge shape): one writer of each.

/**
 * The HTTPRouteGroup every generated identity's http Egress refers to. A fresh object each time: shared ones would make
 * the YAML printer write anchors and aliases, which kubectl never does.
 */
export function routeGroupSpec(): Record<string, unknown> {
  return {
    matches: [
      { name: 'api', pathRegex: '/api/v[0-9]+/.*', methods: ['GET', 'POST'] },
      { name: 'health', pathRegex: '/healthz' },
    ],
  };
}

/**
 * The spec of an identity's e-th Egress, in turn: http on port 80 with the route group, https by an exact and a
 * wildcard name, tcp-server-first to one address (`address` picks it), and http plus https on a /24.
 */
export function egressSpec(e: number, owner: string, routeGroup: string, address: number): Record<string, unknown> {
  switch (e % 4) {
    case 0:
      return {
        hosts: [`api${e}.${owner}.example.com`],
        ports: [{ number: 80, protocol: 'http' }],
        matches: [{ apiGroup: 'specs.smi-spec.io/v1alpha4', kind: 'HTTPRouteGroup', name: routeGroup }],
      };
    case 1:
      return { hosts: [`*.svc${e}.example.org`, `svc${e}.example.org`], ports: [{ number: 443, protocol: 'https' }] };
    case 2:
      return {
        ipAddresses: [`198.51.100.${address % 256}/32`],
        ports: [{ number: 5432, protocol: 'tcp-server-first' }],
      };
    default:
      return {
        hosts: [`cdn${e}.example.net`],
        ipAddresses: ['203.0.113.0/24'],
        ports: [
          { number: 8080, protocol: 'http' },
          { number: 8443, protocol: 'https' },
        ],
      };
  }
}
