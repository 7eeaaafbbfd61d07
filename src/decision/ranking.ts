import type { NormalizedPolicy } from '../normalize/model.js';
import { compareText } from '../util/compare.js';

/** A sort key from rank parts; undefined in any part means "does not match". */
export function rankOf(parts: (number | undefined)[]): number[] | undefined {
  return parts.some((p) => p === undefined) ? undefined : (parts as number[]);
}

/** The policies that match, most specific first (lower ranks), ties by name. */
export function ranked(
  policies: readonly NormalizedPolicy[],
  rank: (p: NormalizedPolicy) => number[] | undefined,
): NormalizedPolicy[] {
  return policies
    .map((p) => ({ p, r: rank(p) }))
    .filter((x): x is { p: NormalizedPolicy; r: number[] } => x.r !== undefined)
    .sort((a, b) => compareRanks(a.r, b.r) || compareText(a.p.name, b.p.name))
    .map((x) => x.p);
}

export function best(
  policies: readonly NormalizedPolicy[],
  rank: (p: NormalizedPolicy) => number[] | undefined,
): NormalizedPolicy | null {
  return ranked(policies, rank)[0] ?? null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
