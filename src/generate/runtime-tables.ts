import type { HostTableIR, HttpMatchIR, HttpRuleIR, IpTableIR, PolicyTablesIR } from '../ir/types.js';
import { jsLiteral, tableRows } from './literal.js';

/**
 * IR tables -> the row tables a generated script loads at start (pipy-templates/partials/tables.hbs). A table is
 * one template literal, one entry per line, fields separated by spaces; the script reads it into flat Maps with
 * composite keys. One literal per table keeps Pipy's memory flat: a nested object literal per entry costs ~3 KiB
 * in Pipy, a row ~0.5 KiB. Every field passes through tableRows (src/generate/literal.ts).
 *
 *   classes:  <class> <kinds: tcp|tls|http ...> <ports> <policies...>   (only the first two fields are read)
 *   ports:    <port> <class>            or, for wide ranges, <first> <last> <class>
 *   mesh:     <CIDR>
 *   tcp:      <class> <CIDR|*> <credited policy>                        (* = policies without IPAddresses)
 *   sni/host: <class> <node> <CIDR|*> <value>       node: x:<exact name>, s:<wildcard suffix>, * (any name), - (no Hosts)
 *   sniKnown/hostKnown: <class> <raw SNI or Host> <value>               (the whole answer for a name, worked out here)
 * SNI values are the credited policy; Host values are comma-separated indexes into httpRules, in the order tried.
 */
export interface RowTables {
  classes: string;
  ports: string;
  mesh: string;
  tcp: string;
  sni: string;
  sniKnown: string;
  host: string;
  hostKnown: string;
}

export function rowTables(mesh: IpTableIR<true> | null, t: PolicyTablesIR | null): RowTables {
  const rows = (list: (string | number)[][]) => tableRows(list);
  const classes = t?.classes ?? [];
  return {
    classes: rows(classes.map((c, i) => [i, [c.l4 && 'tcp', c.tls && 'tls', c.http && 'http'].filter(Boolean).join('+') || '-', ...c.comment.split(' ')])),
    ports: rows(t === null ? [] : t.ports.kind === 'map' ? t.ports.entries : t.ports.segments.map((s) => [s.first, s.last, s.classIndex])),
    mesh: rows(mesh === null ? [] : ipRows(mesh).map(([cidr]) => [cidr])),
    tcp: rows(classes.flatMap((c, i) => (c.l4 === null ? [] : ipRows(c.l4).map(([cidr, v]) => [i, cidr, v])))),
    sni: rows(classes.flatMap((c, i) => hostRows(c.tls, (v) => v).map((r) => [i, ...r]))),
    sniKnown: rows(classes.flatMap((c, i) => (c.tls?.direct ?? []).map(([k, vs]) => [i, k, vs[0]!]))),
    host: rows(classes.flatMap((c, i) => hostRows(c.http, (v) => v.join(',')).map((r) => [i, ...r]))),
    hostKnown: rows(classes.flatMap((c, i) => (c.http?.direct ?? []).map(([k, vs]) => [i, k, vs.flat().join(',')]))),
  };
}

/** [CIDR or '*', value], entries first, the catch-all last. */
function ipRows<T>(t: IpTableIR<T>): [string, T][] {
  return [...t.v4.entries, ...t.v6.entries, ...(t.any === null ? [] : [['*', t.any] as [string, T]])];
}

function hostRows<T>(t: HostTableIR<T> | null, value: (v: T) => string): string[][] {
  if (t === null) return [];
  const node = (name: string, table: IpTableIR<T> | null) => (table === null ? [] : ipRows(table).map(([cidr, v]) => [name, cidr, value(v)]));
  return [
    ...t.exact.filter(([name]) => !t.direct.some(([k]) => k === name)).flatMap(([name, table]) => node(`x:${name}`, table)),
    ...t.suffix.flatMap(([name, table]) => node(`s:${name}`, table)),
    ...node('*', t.any),
    ...node('-', t.unnamed),
  ];
}

/**
 * Each http policy as a rule: its name and its Matches compiled to one predicate over the request head and the path
 * without query (null: every request on an allowed host passes).
 */
export function httpRulesCode(rules: readonly HttpRuleIR[]): string {
  const items = rules.map((r) => `{ policy: ${jsLiteral(r.policy)}, test: ${r.matches === null ? 'null' : `(head, path) => ${r.matches.map(matchCode).join(' || ')}`} }`);
  return items.length === 0 ? '[]' : `[\n${items.map((i) => `    ${i},`).join('\n')}\n  ]`;
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
