import { internalError } from '../util/internal-error.js';
import { formatCidr, type Cidr } from '../net/ip.js';
import type { ParsedValues } from '../validate/parsed-values.js';
import { compareText } from '../util/compare.js';

interface CanonicalCidr {
  text: string;
  cidr: Cidr;
}

/** Canonical, de-duplicated and sorted (IPv4 first, longer prefixes first); the input was validated. */
export function canonicalCidrs(texts: readonly string[], values: ParsedValues): CanonicalCidr[] {
  const parse = (text: string) => {
    const parsed = values.cidr(text);
    if (parsed.kind === 'invalid') throw internalError(`unvalidated CIDR ${text}`);
    return parsed.cidr;
  };
  return canonicalUnique(texts, parse, formatCidr)
    .map(([text, cidr]) => ({ text, cidr }))
    .sort(compare);
}

/** Each validated text parsed, once per canonical form (the last text of a form wins), as [canonical text, value]. */
export function canonicalUnique<T>(
  texts: readonly string[],
  parse: (text: string) => T,
  format: (value: T) => string,
): [string, T][] {
  // The usual list holds one entry: nothing to make unique.
  if (texts.length === 1) {
    const value = parse(texts[0]!);
    return [[format(value), value]];
  }
  const byText = new Map<string, T>();
  for (const text of texts) {
    const value = parse(text);
    byText.set(format(value), value);
  }
  return [...byText];
}

function compare(a: CanonicalCidr, b: CanonicalCidr): number {
  return a.cidr.address.family - b.cidr.address.family || b.cidr.prefix - a.cidr.prefix || compareText(a.text, b.text);
}
