import type { PartGeneration } from '../../generate/part-generation.js';
import { hostRows } from '../../generate/table-rows.js';
import type { HttpPartIR, HttpPartPlanIR } from '../../ir/types.js';
import { ruleTestsCode } from './rule-tests.js';

export const httpGeneration: Omit<PartGeneration, 'kind'> = {
  sections: (classes, plan, credit) => {
    const tables = classes.map(({ index, part }) => ({ index, table: (part as HttpPartIR).table }));
    let tests = 0;
    return [
      {
        name: 'rules',
        columns: '<rule> <credited policy> <index into ruleTests, - for none>',
        rows: (plan as HttpPartPlanIR).rules.map((r, i) => [i, credit(r.policy), r.matches === null ? '-' : tests++]),
      },
      { name: 'host', columns: '<class> <node> <CIDR> <rules to try, in order>', rows: tables.flatMap(({ index, table }) => hostRows(table, (v) => v.join(',')).map((r) => [index, ...r])) },
      { name: 'hostKnown', columns: '<class> <Host header> <rules to try, in order>', rows: tables.flatMap(({ index, table }) => table.direct.map(([name, rules]) => [index, name, rules.flat().join(',')])) },
    ];
  },
  helpers: { ruleTests: (plan: HttpPartPlanIR) => ruleTestsCode(plan) },
};
