import type { PrefixSetIR, PrefixTableIR } from '../ir/types.js';
import { formatCidr, parseCidr, type Cidr } from '../net/ip.js';
import { cidrKey } from '../net/prefix-key.js';

export interface CanonicalCidr {
  text: string;
  cidr: Cidr;
}

/** Canonical, de-duplicated and sorted; the input was validated, so every entry parses. */
export function canonicalCidrs(texts: readonly string[]): CanonicalCidr[] {
  const byText = new Map<string, Cidr>();
  for (const text of texts) {
    const parsed = parseCidr(text);
    if (!parsed.ok) throw new Error(`internal: unvalidated CIDR ${text}`);
    byText.set(formatCidr(parsed.cidr), parsed.cidr);
  }
  return [...byText].map(([text, cidr]) => ({ text, cidr })).sort(compareCidrs);
}

function compareCidrs(a: CanonicalCidr, b: CanonicalCidr): number {
  return a.cidr.address.family - b.cidr.address.family || b.cidr.prefix - a.cidr.prefix || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
}

export function prefixSet(cidrs: readonly Cidr[]): PrefixSetIR {
  return {
    v4: prefixTable(cidrs.filter((c) => c.address.family === 4)),
    v6: prefixTable(cidrs.filter((c) => c.address.family === 6)),
  };
}

function prefixTable(cidrs: readonly Cidr[]): PrefixTableIR {
  const lengths = [...new Set(cidrs.map((c) => c.prefix))].sort((a, b) => b - a);
  const keys = [...new Set(cidrs.map(cidrKey))].sort();
  return { lengths, keys };
}
