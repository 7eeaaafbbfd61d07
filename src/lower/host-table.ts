import type { HostTableIR, IpTableIR } from '../ir/tables.js';
import type { NormalizedPolicy } from '../normalize/model.js';
import { addressFree, buildIpTable, hasIpEntries } from './ip-table.js';
import { compareText } from '../util/compare.js';
import { flatMapped } from '../util/flat-mapped.js';

/** Files each policy under every name it allows; within a key, values stay in policy-name order. */
export function buildHostTable<T>(
  policies: readonly NormalizedPolicy[],
  merge: (names: NormalizedPolicy[]) => T,
  onlyPort: number | null,
): HostTableIR<T> {
  const exact = new Map<string, NormalizedPolicy[]>();
  const suffix = new Map<string, NormalizedPolicy[]>();
  const any: NormalizedPolicy[] = [];
  const unnamed: NormalizedPolicy[] = [];
  const add = (map: Map<string, NormalizedPolicy[]>, key: string, p: NormalizedPolicy) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [p]);
    else list.push(p);
  };
  for (const p of policies) {
    if (p.hosts === null) unnamed.push(p);
    else
      for (const h of p.hosts) {
        if (h.kind === 'exact') add(exact, h.host, p);
        else if (h.kind === 'suffix') add(suffix, h.suffix, p);
        else any.push(p);
      }
  }
  const table = (list: NormalizedPolicy[]) =>
    list.every((p) => p.cidrs === null)
      ? addressFree(merge(list))
      : buildIpTable(
          list.map((p) => ({ cidrs: p.cidrs, value: p })),
          merge,
        );
  const keyed = (map: Map<string, NormalizedPolicy[]>) =>
    [...map.keys()].sort().map((k): [string, IpTableIR<T>] => [k, table(map.get(k)!)]);
  const host: Omit<HostTableIR<T>, 'direct' | 'directPort'> = {
    exact: keyed(exact),
    suffix: keyed(suffix),
    any: any.length > 0 ? table(any) : null,
    unnamed: unnamed.length > 0 ? table(unnamed) : null,
  };
  return { ...host, direct: directAnswers(host), directPort: onlyPort !== null && onlyPort !== 80 ? onlyPort : null };
}

/**
 * Exact names whose answer cannot depend on the destination IP, with that answer: the values of the tables the run-time
 * lookup would visit (exact, suffixes longest first, `*`, no Hosts). Names with ':' are left to the run-time parser.
 * Clients send a Host header bare on port 80 and as `name:port` elsewhere: a class with one port other than 80 files
 * the names in that form alone (`directPort`), so the usual header is one property read and each name one entry (an
 * entry costs a Pipy sidecar about 400 bytes; there the bare form is looked up with the port added, on the parsed path).
 */
function directAnswers<T>(host: Omit<HostTableIR<T>, 'direct' | 'directPort'>): [string, T[]][] {
  const suffixes = new Map(host.suffix);
  const out: [string, T[]][] = [];
  for (const [name, table] of host.exact) {
    // The script looks a raw Host header up as it came; a request without one looks up 'undefined'.
    if (name.includes(':') || name === 'undefined') continue;
    const visited = [table];
    // Each suffix of the name, longest first: 'b.c', then 'c' for 'a.b.c'.
    for (let dot = name.indexOf('.'); suffixes.size > 0 && dot >= 0; dot = name.indexOf('.', dot + 1)) {
      const t = suffixes.get(name.slice(dot + 1));
      if (t !== undefined) visited.push(t);
    }
    if (host.any !== null) visited.push(host.any);
    if (host.unnamed !== null) visited.push(host.unnamed);
    if (visited.some(hasIpEntries)) continue;
    out.push([name, flatMapped(visited, (t) => (t.any === null ? [] : [t.any]))]);
  }
  return out.sort((a, b) => compareText(a[0], b[0]));
}

/** The IP tables a host table holds: one under each exact name and suffix, under `*` and under "no Hosts". */
export function hostIpTables<T>(table: HostTableIR<T>): IpTableIR<T>[] {
  const out = [...table.exact, ...table.suffix].map(([, t]) => t);
  if (table.any !== null) out.push(table.any);
  if (table.unnamed !== null) out.push(table.unnamed);
  return out;
}
