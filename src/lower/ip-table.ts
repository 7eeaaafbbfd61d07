import type { IpTableIR } from '../ir/tables.js';
import { formatCidr, type Cidr } from '../net/ip.js';
import { cidrKey } from '../net/prefix-key.js';
import { compareText } from '../util/compare.js';

/** An item to file under each of its CIDRs, or under `any` when cidrs is null. */
interface IpTableItem<V> {
  cidrs: readonly Cidr[] | null;
  value: V;
}

/**
 * Builds a prefix table keyed by canonical CIDR text. Several items under one key are folded by `merge` (given the values in input order),
 * so callers decide whether the first wins or all are kept.
 */
export function buildIpTable<V, T>(items: readonly IpTableItem<V>[], merge: (values: V[]) => T): IpTableIR<T> {
  // The usual case (no IPAddresses): nothing to key.
  if (items.every((item) => item.cidrs === null))
    return addressFree(items.length > 0 ? merge(items.map((i) => i.value)) : null);
  // Per family, built only when some CIDR is of it: each key's canonical text and values, and the prefix lengths.
  const families: Record<'v4' | 'v6', { byKey: Map<string, { text: string; values: V[] }>; lengths: number[] } | null> =
    { v4: null, v6: null };
  const any: V[] = [];
  for (const item of items) {
    if (item.cidrs === null) {
      any.push(item.value);
      continue;
    }
    for (let i = 0; i < item.cidrs.length; i++) {
      const cidr = item.cidrs[i]!;
      const family = (families[cidr.address.family === 4 ? 'v4' : 'v6'] ??= {
        byKey: new Map(),
        lengths: [] as number[],
      });
      const { key, text } = keyed(cidr);
      if (!family.lengths.includes(cidr.prefix)) family.lengths.push(cidr.prefix);
      let entry = family.byKey.get(key);
      if (entry === undefined) family.byKey.set(key, (entry = { text, values: [] }));
      if (!entry.values.includes(item.value)) entry.values.push(item.value);
    }
  }
  const family = (f: 'v4' | 'v6'): IpTableIR<T>['v4'] => {
    const built = families[f];
    if (built === null) return NO_ADDRESSES;
    return {
      lengths: built.lengths.sort((a, b) => b - a),
      entries: [...built.byKey.values()]
        .map(({ text, values }): [string, T] => [text, merge(values)])
        .sort((a, b) => compareText(a[0], b[0])),
    };
  };
  return { v4: family('v4'), v6: family('v6'), any: any.length > 0 ? merge(any) : null };
}

/**
 * A table whose answer is the same for every address. Most tables are (a host table holds one per name), so their
 * empty families are one frozen object: lowering allocates nothing for them, and nothing downstream may change it.
 */
export function addressFree<T>(any: T | null): IpTableIR<T> {
  return { v4: NO_ADDRESSES, v6: NO_ADDRESSES, any };
}

const NO_ADDRESSES: IpTableIR<never>['v4'] = Object.freeze({
  lengths: Object.freeze([]) as never[],
  entries: Object.freeze([]) as never[],
}) as IpTableIR<never>['v4'];

/**
 * A CIDR's lookup key and canonical text, worked out once however many port classes file it (10,000 policies file
 * their CIDRs in many classes). A memo of a pure function of the Cidr object, which nothing changes once parsed;
 * entries go with the objects, so it holds nothing beyond one compile's model and can change no answer.
 */
const keys = new WeakMap<Cidr, { key: string; text: string }>();

function keyed(cidr: Cidr): { key: string; text: string } {
  let k = keys.get(cidr);
  // Validation refuses host bits (parseCidr), so a CIDR's text is its network's.
  if (!k) keys.set(cidr, (k = { key: cidrKey(cidr), text: formatCidr(cidr) }));
  return k;
}

/** True when some entry depends on the address (else the table's answer is its catch-all, whatever the address). */
export function hasIpEntries(t: IpTableIR<unknown>): boolean {
  return t.v4.entries.length > 0 || t.v6.entries.length > 0;
}

export function ipTableUsesV6(table: IpTableIR<unknown> | null): boolean {
  return table !== null && table.v6.lengths.length > 0;
}
