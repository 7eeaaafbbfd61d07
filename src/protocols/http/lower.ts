import { buildHostTable, hostIpTables } from '../../lower/host-table.js';
import type { PartLoweringHooks } from '../../lower/part-lowering.js';
import type { HttpMatchRule, NormalizedPolicy } from '../../normalize/model.js';
import { flatMapped } from '../../util/flat-mapped.js';
import type { HttpMatchIR, HttpPartIR, HttpPlanIR, HttpRuleIR } from './ir.js';
import { HTTP_DETECTS } from './wire.js';

/**
 * One rule per http policy (name order), its Matches referring to the spec's regular expressions by index; each
 * class files the rules of its policies under their Host names (then destination IPs).
 */
export const httpLowering: PartLoweringHooks<HttpPartIR, HttpPlanIR> = {
  plan(policies) {
    const regexes = [...new Set(flatMapped(policies, regexSources))].sort();
    const rules: HttpRuleIR[] = policies.map((p) => ({
      policy: p.name,
      matches: p.matches?.map((m) => matchIR(m, regexes)) ?? null,
    }));
    const matches = flatMapped(rules, (r) => r.matches ?? []);
    return {
      kind: 'http',
      phase: 'sniffed',
      used: false,
      detects: [...HTTP_DETECTS],
      requests: true,
      rules,
      regexes,
      regexPath: matches.some((m) => m.path?.type === 'regex'),
      headerMatch: matches.some((m) => m.headers.length > 0),
    };
  },
  lower(policies, plan, onlyPort) {
    const index = ruleIndexes(plan);
    return { kind: 'http', table: buildHostTable(policies, (ps) => ps.map((p) => index.get(p.name)!), onlyPort) };
  },
  ipTables: (ir) => hostIpTables(ir.table),
  // Each spec's rules and regular expressions are in its own tables; the script needs only the code its matches use.
  merge: (plans) => ({
    ...plans[0]!,
    used: plans.some((p) => p.used),
    rules: [],
    regexes: [],
    regexPath: plans.some((p) => p.regexPath),
    headerMatch: plans.some((p) => p.headerMatch),
  }),
  decidesByName: () => false,
};

/**
 * Policy name -> rule index, made once per plan. A memo of a pure function of the plan (which is never changed once
 * made), held only as long as the plan is: lowering a class asks for it once per class.
 */
const indexes = new WeakMap<HttpPlanIR, Map<string, number>>();

function ruleIndexes(plan: HttpPlanIR): Map<string, number> {
  let index = indexes.get(plan);
  if (!index) indexes.set(plan, (index = new Map(plan.rules.map((r, i) => [r.policy, i]))));
  return index;
}

function regexSources(p: NormalizedPolicy): string[] {
  return flatMapped(p.matches ?? [], (m) => [
    ...(m.path?.type === 'regex' ? [m.path.value] : []),
    ...m.headers.map(([, v]) => v),
  ]);
}

function matchIR(m: HttpMatchRule, regexes: readonly string[]): HttpMatchIR {
  return {
    path:
      m.path === null
        ? null
        : m.path.type === 'regex'
          ? { type: 'regex', regex: regexes.indexOf(m.path.value) }
          : { type: m.path.type, value: m.path.value },
    methods: m.methods,
    headers: m.headers.map(([name, source]): [string, number] => [name, regexes.indexOf(source)]),
  };
}
