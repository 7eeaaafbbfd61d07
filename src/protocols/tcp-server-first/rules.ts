import { error, pointerOf, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SidecarSpec } from '../../sidecar-spec/types.js';
import type { RuleContext, SemanticRule } from '../../validate/semantic-rule.js';
import { flatMapped } from '../../util/flat-mapped.js';

export const TCP_SERVER_FIRST_RULES: readonly SemanticRule[] = [
  {
    name: 'a port is not both server-first and sniffed (http/https)',
    check: (spec, _values, context) => serverFirstConflicts(spec, context),
  },
];

/** The server speaks first on such a port, so waiting for the client's first bytes there would wait forever. */
function serverFirstConflicts(spec: SidecarSpec, { sniffed }: RuleContext): Diagnostic[] {
  const ranges = flatMapped(spec.EgressPolicies ?? [], (p, i) =>
    p.Ports.map((port, j) => ({
      first: port.Number,
      last: port.EndPort ?? port.Number,
      protocol: port.Protocol,
      policy: p.Name,
      i,
      j,
    })),
  );
  const serverFirst = ranges.filter((r) => r.protocol === 'tcp-server-first');
  const sniffedRanges = ranges.filter((r) => sniffed.has(r.protocol)).sort((a, b) => a.first - b.first);
  // The first sniffed range (by start) that overlaps, found by binary searches instead of a scan per range.
  const reach: number[] = [];
  sniffedRanges.forEach((r, k) => reach.push(Math.max(r.last, k > 0 ? reach[k - 1]! : -1)));
  const firstIndex = (n: number, holds: (k: number) => boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (holds(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return flatMapped(serverFirst, (s) => {
    const starting = firstIndex(sniffedRanges.length, (k) => sniffedRanges[k]!.first > s.last);
    const k = firstIndex(starting, (k) => reach[k]! >= s.first);
    const clash = sniffedRanges[k];
    if (k >= starting || !clash) return [];
    return [
      error(
        'PIPYC3006',
        `port ${s.first}${s.last > s.first ? `-${s.last}` : ''} is tcp-server-first here but ${clash.protocol} in policy "${clash.policy}"; a server-first port cannot be sniffed`,
        pointerOf('EgressPolicies', s.i, 'Ports', s.j, 'Protocol'),
      ),
    ];
  });
}
