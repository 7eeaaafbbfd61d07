import type { PartIR, PartPlan, PartPlans } from '../ir/parts.js';
import type { PolicyTablesIR, PortClassIR, PortIndexIR } from '../ir/tables.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import type { PolicyProtocol } from '../sidecar-spec/types.js';
import { inOrder, type LoweringOptions, type PartLowering, type PartLowerings } from './part-lowering.js';
import { compareText } from '../util/compare.js';
import { flatMapped } from '../util/flat-mapped.js';

interface PortEntry {
  policy: NormalizedPolicy;
  protocol: PolicyProtocol;
}

/** Up to this many ports in all, the script finds a port's class in a Map; beyond it, by binary search over ranges. */
const MAX_MAPPED_PORTS = 4096;

/**
 * Compiles policies into port segments -> classes -> each part's tables, and each part's plan (what its classes
 * share; `used` when some class has the part). `creditOnly` (EnableEgress) files every policy of a class in the
 * destination part, which is all a passthrough needs to credit a policy in its logs.
 */
export function buildPolicyTables(
  policies: readonly NormalizedPolicy[],
  creditOnly: boolean,
  lowerings: PartLowerings,
  options: LoweringOptions,
): { tables: PolicyTablesIR; plans: PartPlans } {
  const parts: PartLowering[] = inOrder(lowerings);
  const plans = parts.map((part) =>
    part.plan(
      creditOnly ? [] : policies.filter((p) => p.ports.some((r) => part.protocols.includes(r.protocol))),
      options,
    ),
  );
  const classEntries: PortEntry[][] = [];
  const classKeys = new Map<string, number>();
  const segments: Segment[] = [];
  for (const { first, last, entries, key } of portSegments(policies)) {
    let classIndex = classKeys.get(key);
    if (classIndex === undefined) {
      classIndex = classEntries.length;
      classKeys.set(key, classIndex);
      classEntries.push(entries);
    }
    const previous = segments[segments.length - 1];
    if (previous && previous.classIndex === classIndex && previous.last + 1 === first) previous.last = last;
    else segments.push({ first, last, classIndex });
  }
  const segmentsOf = new Map<number, Segment[]>();
  for (const s of segments) {
    if (!segmentsOf.has(s.classIndex)) segmentsOf.set(s.classIndex, []);
    segmentsOf.get(s.classIndex)!.push(s);
  }
  const classes = classEntries.map((entries, i): PortClassIR => {
    const own = segmentsOf.get(i)!;
    const onlyPort = own.length === 1 && own[0]!.first === own[0]!.last ? own[0]!.first : null;
    const comment = `ports ${listed(own, (s) => (s.first === s.last ? `${s.first}` : `${s.first}-${s.last}`))}: ${listed(entries, (e) => `${e.policy.name} (${e.protocol})`)}`;
    // Under EnableEgress the destination part files every policy of the class: all a passthrough needs to credit one.
    const credited = () => [parts[0]!.lower(unique(entries.map((e) => e.policy)), plans[0]!, null)];
    return { comment, parts: creditOnly ? credited() : classParts(entries, parts, plans, onlyPort) };
  });
  const used = new Set(flatMapped(classes, (c) => c.parts.map((p) => p.kind)));
  const [destination, ...sniffed] = plans.map((plan) => ({ ...plan, used: used.has(plan.kind) }));
  return { tables: { ports: portIndex(segments), classes }, plans: { destination, sniffed } as PartPlans };
}

interface Segment {
  first: number;
  last: number;
  classIndex: number;
}

function portIndex(segments: Segment[]): PortIndexIR {
  const total = segments.reduce((n, s) => n + s.last - s.first + 1, 0);
  if (total > MAX_MAPPED_PORTS) return { kind: 'ranges', segments };
  return {
    kind: 'map',
    entries: flatMapped(segments, (s) =>
      Array.from({ length: s.last - s.first + 1 }, (_, i): [number, number] => [s.first + i, s.classIndex]),
    ),
  };
}

/**
 * Each part that some policy of the class uses, in the parts' order, over those policies. One pass over the entries:
 * a policy's entries are next to each other (sorted by policy), so a policy filed twice in one part is filed last.
 */
function classParts(
  entries: readonly PortEntry[],
  parts: readonly PartLowering[],
  plans: readonly PartPlan[],
  onlyPort: number | null,
): PartIR[] {
  const byPart: NormalizedPolicy[][] = parts.map(() => []);
  for (const { policy, protocol } of entries) {
    const list = byPart[parts.findIndex((part) => part.protocols.includes(protocol))];
    if (list !== undefined && list[list.length - 1] !== policy) list.push(policy);
  }
  return flatMapped(parts, (part, i) => (byPart[i]!.length > 0 ? [part.lower(byPart[i]!, plans[i]!, onlyPort)] : []));
}

/** A class's comment names a few of its ports and policies, for the reader of the tables: a list of thousands is not read. */
const COMMENT_ITEMS = 4;

function listed<T>(items: readonly T[], text: (item: T) => string): string {
  const shown = items.slice(0, COMMENT_ITEMS).map(text).join(', ');
  return items.length > COMMENT_ITEMS ? `${shown} and ${items.length - COMMENT_ITEMS} more` : shown;
}

/**
 * Splits every port range at every boundary so each piece has one fixed set of entries (sorted by policy name), with
 * a key that is equal exactly when the entries are.
 */
function portSegments(
  policies: readonly NormalizedPolicy[],
): { first: number; last: number; entries: PortEntry[]; key: string }[] {
  // Policies come sorted by name, so a policy's index orders entries as its name would.
  const ranges = flatMapped(policies, (policy, order) =>
    policy.ports.map((r) => ({ first: r.first, last: r.last, protocol: r.protocol, policy, order })),
  );
  const ends = new Int32Array(ranges.length * 2);
  ranges.forEach((r, i) => {
    ends[2 * i] = r.first;
    ends[2 * i + 1] = r.last + 1;
  });
  const cuts = distinctSorted(ends);
  const byFirst = [...ranges].sort((a, b) => a.first - b.first);
  const out: { first: number; last: number; entries: PortEntry[]; key: string }[] = [];
  let active: typeof ranges = [];
  let soonestEnd = Infinity;
  let next = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const first = cuts[i]!;
    const last = cuts[i + 1]! - 1;
    if (soonestEnd < first) {
      active = active.filter((r) => r.last >= first);
      soonestEnd = Math.min(...active.map((r) => r.last), Infinity);
    }
    while (next < byFirst.length && byFirst[next]!.first === first) {
      soonestEnd = Math.min(soonestEnd, byFirst[next]!.last);
      active.push(byFirst[next++]!);
    }
    if (active.length === 0) continue;
    const sorted =
      active.length === 1
        ? active
        : [...active].sort((a, b) => a.order - b.order || compareText(a.protocol, b.protocol));
    const kept = sorted.filter(
      (r, j) => j === 0 || r.policy !== sorted[j - 1]!.policy || r.protocol !== sorted[j - 1]!.protocol,
    );
    out.push({
      first,
      last,
      entries: kept.map((r) => ({ policy: r.policy, protocol: r.protocol })),
      key: kept.map((r) => `${r.order}${r.protocol}`).join(','),
    });
  }
  return out;
}

/** Port numbers in ascending order, each once. */
function distinctSorted(numbers: Int32Array): number[] {
  const sorted = numbers.sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i - 1] !== sorted[i]) out.push(sorted[i]!);
  return out;
}

function unique(policies: readonly NormalizedPolicy[]): NormalizedPolicy[] {
  return [...new Set(policies)];
}
