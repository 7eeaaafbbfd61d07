import { parseCidr, type CidrParse } from '../net/ip.js';
import { parseHostPattern, type HostParse } from './host-pattern.js';
import { checkRegex, type RegexCheck } from './regex.js';

/**
 * Each CIDR, host and regular expression of a spec, parsed once: validation parses through it to find problems,
 * and normalize reads the same results instead of parsing again. One per compile; never shared between specs.
 */
export class ParsedValues {
  private readonly cidrs = new Map<string, CidrParse>();
  private readonly hosts = new Map<string, HostParse>();
  private readonly regexes = new Map<string, RegexCheck>();

  cidr(text: string): CidrParse {
    return once(this.cidrs, text, parseCidr);
  }

  host(text: string): HostParse {
    return once(this.hosts, text, parseHostPattern);
  }

  regex(source: string): RegexCheck {
    return once(this.regexes, source, checkRegex);
  }
}

function once<T>(cache: Map<string, T>, key: string, parse: (text: string) => T): T {
  let result = cache.get(key);
  if (result === undefined) cache.set(key, (result = parse(key)));
  return result;
}
