import type { HostTableIR } from '../ir/types.js';
import type { NormalizedPolicy } from '../policy/types.js';
import { buildIpTable } from './ip-table.js';

/** Files each policy under every name it allows; within a key, values stay in policy-name order. */
export function buildHostTable<T>(policies: readonly NormalizedPolicy[], merge: (names: NormalizedPolicy[]) => T): HostTableIR<T> {
  const exact = new Map<string, NormalizedPolicy[]>();
  const suffix = new Map<string, NormalizedPolicy[]>();
  const any: NormalizedPolicy[] = [];
  const unnamed: NormalizedPolicy[] = [];
  const add = (map: Map<string, NormalizedPolicy[]>, key: string, p: NormalizedPolicy) => map.set(key, [...(map.get(key) ?? []), p]);
  for (const p of policies) {
    if (p.hosts === null) unnamed.push(p);
    else
      for (const h of p.hosts) {
        if (h.kind === 'exact') add(exact, h.host, p);
        else if (h.kind === 'suffix') add(suffix, h.suffix, p);
        else any.push(p);
      }
  }
  const table = (list: readonly NormalizedPolicy[]) => buildIpTable(list.map((p) => ({ cidrs: p.cidrs, value: p })), merge);
  const keyed = (map: Map<string, NormalizedPolicy[]>) => [...map.keys()].sort().map((k): [string, ReturnType<typeof table>] => [k, table(map.get(k)!)]);
  return {
    exact: keyed(exact),
    suffix: keyed(suffix),
    any: any.length > 0 ? table(any) : null,
    unnamed: unnamed.length > 0 ? table(unnamed) : null,
  };
}
