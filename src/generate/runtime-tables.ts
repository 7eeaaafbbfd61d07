import type { HostTableIR, HttpMatchIR, HttpRuleIR, IpTableIR, PolicyTablesIR, PortClassIR } from '../ir/types.js';
import { jsLiteral, stringLiteral } from './literal.js';

/**
 * IR tables -> PipyJS source for the tables the generated script reads, one entry per line. Every value from the
 * spec goes through jsLiteral; what is written here around it is fixed code. Shapes at run time:
 *   IP table:   { fixed: [values] } when no entry depends on the address, else ipTable(rows, any) built at load:
 *               rows are [CIDR text, value]; keyed by the same function the lookups use (ip-lookup.hbs)
 *   host table: { exact: {'#name': ipTable}, suffix: {'#suffix': ipTable}, any, unnamed, direct: Map(raw name -> answer) }
 *   port class: { l4, tls, http } (null where the class has no policy of that kind)
 * Object keys get a '#' prefix so that no key (a host) can collide with an Object.prototype member.
 */
export function ipTableCode<T>(t: IpTableIR<T> | null, indent: string): string {
  if (t === null) return 'null';
  const rows = [...t.v4.entries, ...t.v6.entries];
  if (rows.length === 0) return `{ fixed: ${jsLiteral(t.any === null ? [] : [t.any])} }`;
  return `ipTable(${lines(rows.map((r) => jsLiteral(r)), '[', ']', indent)}, ${jsLiteral(t.any)})`;
}

function hostTableCode<T>(t: HostTableIR<T> | null, indent: string, direct: (values: T[]) => unknown): string {
  if (t === null) return 'null';
  const inner = indent + '  ';
  const keyed = (entries: [string, IpTableIR<T>][]) =>
    lines(entries.map(([k, v]) => `${stringLiteral('#' + k)}: ${ipTableCode(v, inner + '  ')}`), '{', '}', inner);
  const fields = [
    `exact: ${keyed(t.exact)}`,
    `suffix: ${keyed(t.suffix)}`,
    `any: ${ipTableCode(t.any, inner)}`,
    `unnamed: ${ipTableCode(t.unnamed, inner)}`,
    `direct: new Map(${lines(t.direct.map(([k, v]) => jsLiteral([k, direct(v)])), '[', ']', inner)})`,
  ];
  return lines(fields, '{', '}', indent);
}

/** One `name = value` line per port class, with a comment naming its ports and policies. */
export function portClassesCode(t: PolicyTablesIR): string {
  return t.classes.map((c, i) => `  // ${c.comment}\n  portClass${i} = ${classCode(c)},`).join('\n');
}

function classCode(c: PortClassIR): string {
  return lines([
    `l4: ${ipTableCode(c.l4, '    ')}`,
    // SNI -> the credited policy; Host -> indexes into httpRules, in the order they are tried.
    `tls: ${hostTableCode(c.tls, '    ', (names) => names[0] ?? null)}`,
    `http: ${hostTableCode(c.http, '    ', (lists) => lists.flat())}`,
  ], '{', '}', '  ');
}

/** Port -> class: `new Map([[port, class], ...])`, or sorted ranges for the binary search. */
export function portIndexCode(t: PolicyTablesIR): string {
  if (t.ports.kind === 'map') return `new Map(${lines(t.ports.entries.map(([port, c]) => `[${jsLiteral(port)}, portClass${c}]`), '[', ']', '  ')})`;
  const segments = t.ports.segments.map((s) => `[${jsLiteral(s.first)}, ${jsLiteral(s.last)}, portClass${s.classIndex}]`);
  return lines(segments, '[', ']', '  ');
}

/**
 * Each http policy as a rule: its name and its Matches compiled to one predicate over the request head and the path
 * without query (null: every request on an allowed host passes).
 */
export function httpRulesCode(rules: readonly HttpRuleIR[]): string {
  return lines(rules.map((r) => `{ policy: ${jsLiteral(r.policy)}, test: ${r.matches === null ? 'null' : `(head, path) => ${r.matches.map(matchCode).join(' || ')}`} }`), '[', ']', '  ');
}

function matchCode(m: HttpMatchIR): string {
  const parts: string[] = [];
  if (m.path !== null) {
    const p = m.path;
    if (p.type === 'regex') parts.push(`regexes[${jsLiteral(p.regex)}].test(path)`);
    else parts.push(p.type === 'exact' ? `path === ${jsLiteral(p.value)}` : `path.startsWith(${jsLiteral(p.value)})`);
  }
  if (m.methods !== null) {
    const alternatives = m.methods.map((x) => `head.method === ${jsLiteral(x)}`);
    parts.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' || ')})`);
  }
  for (const [name, regex] of m.headers) parts.push(`headerMatches(head.headers[${jsLiteral(name)}], ${jsLiteral(regex)})`);
  return parts.length === 0 ? 'true' : `(${parts.join(' && ')})`;
}

function lines(items: readonly string[], open: string, close: string, indent: string): string {
  if (items.length === 0) return open + close;
  return `${open}\n${items.map((i) => `${indent}  ${i},`).join('\n')}\n${indent}${close}`;
}
