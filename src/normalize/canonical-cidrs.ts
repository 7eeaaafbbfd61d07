import { formatCidr, type Cidr } from '../net/ip.js';
import type { ParsedValues } from '../validate/parsed-values.js';
import { compareText } from '../util/compare.js';

export interface CanonicalCidr {
  text: string;
  cidr: Cidr;
}

/** Canonical, de-duplicated and sorted (IPv4 first, longer prefixes first); the input was validated. */
export function canonicalCidrs(texts: readonly string[], values: ParsedValues): CanonicalCidr[] {
  const byText = new Map<string, Cidr>();
  for (const text of texts) {
    const parsed = values.cidr(text);
    if (parsed.kind === 'invalid') throw new Error(`internal: unvalidated CIDR ${text}`);
    byText.set(formatCidr(parsed.cidr), parsed.cidr);
  }
  return [...byText].map(([text, cidr]) => ({ text, cidr })).sort(compare);
}

function compare(a: CanonicalCidr, b: CanonicalCidr): number {
  return a.cidr.address.family - b.cidr.address.family || b.cidr.prefix - a.cidr.prefix || compareText(a.text, b.text);
}
