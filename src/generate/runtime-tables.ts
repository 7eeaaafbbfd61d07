import type { HostTableIR, HttpRuleIR, IpTableIR, PolicyTablesIR, PortClassIR } from '../ir/types.js';

/**
 * IR tables -> the plain data the generated scripts index at run time (printed by jsLiteral).
 * Object keys get a '#' prefix so that no key (a host, a method) can collide with an Object.prototype member.
 *   ipTable:   { l4: [lengths], k4: {'#key': value}, l6: [...], k6: {...}, any: value | null }
 *   hostTable: { exact: {'#name': ipTable}, suffix: {'#suffix': ipTable}, any: ipTable | null, unnamed: ipTable | null }
 *   ports:     { starts: [...], ends: [...], classOf: [...], classes: [{ l4, tls, http }] }
 */
export function runtimeIpTable<T>(t: IpTableIR<T> | null): unknown {
  if (t === null) return null;
  return { l4: t.v4.lengths, k4: keyed(t.v4.entries), l6: t.v6.lengths, k6: keyed(t.v6.entries), any: t.any };
}

export function runtimeHostTable<T>(t: HostTableIR<T> | null): unknown {
  if (t === null) return null;
  const tables = (entries: [string, IpTableIR<T>][]) => keyed(entries.map(([k, v]): [string, unknown] => [k, runtimeIpTable(v)]));
  return { exact: tables(t.exact), suffix: tables(t.suffix), any: runtimeIpTable(t.any), unnamed: runtimeIpTable(t.unnamed) };
}

export function runtimePorts(t: PolicyTablesIR): unknown {
  return {
    starts: t.segments.map((s) => s.first),
    ends: t.segments.map((s) => s.last),
    classOf: t.segments.map((s) => s.classIndex),
    classes: t.classes.map(runtimeClass),
  };
}

function runtimeClass(c: PortClassIR): unknown {
  return { l4: runtimeIpTable(c.l4), tls: runtimeHostTable(c.tls), http: runtimeHostTable(c.http) };
}

export function runtimeHttpRules(rules: readonly HttpRuleIR[]): unknown {
  return rules.map((r) => ({
    policy: r.policy,
    matches:
      r.matches?.map((m) => ({
        path: m.path,
        methods: m.methods === null ? null : keyed(m.methods.map((x): [string, 1] => [x, 1])),
        headers: m.headers,
      })) ?? null,
  }));
}

function keyed<T>(entries: readonly [string, T][]): Record<string, T> {
  return Object.fromEntries(entries.map(([k, v]) => ['#' + k, v]));
}
