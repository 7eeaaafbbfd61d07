import { columns, type PartGenerationHooks } from '../../generate/part-generation.js';
import { hostRows } from '../../generate/table-rows.js';
import { flatMapped } from '../../util/flat-mapped.js';
import { internalError } from '../../util/internal-error.js';
import type { HttpMatchIR, HttpPartIR, HttpPlanIR } from './ir.js';

/**
 * The http part's data: its regular expressions, the matches (one row each, a rule's in a run; rules with the same
 * matches share their run), the rules (one per http policy, or one for policies alike) with their runs, and each class's Host table. Matches are data: the script has one
 * function that tests any of them.
 */
export const httpGeneration: PartGenerationHooks<HttpPartIR, HttpPlanIR> = {
  sections: (classes, plan, credit) => {
    const { rules, regexes } = plan;
    const tables = classes.map(({ index, part }) => ({ index, table: part.table }));
    // Rules with the same matches (as generated specs and route groups shared by many Egress often have) share one run.
    const runs: (string | number)[][] = [];
    const matchRows: string[][] = [];
    const runOf = new Map<string, (string | number)[]>();
    for (const r of rules) {
      if (r.matches === null) {
        runs.push(['-', '-']);
        continue;
      }
      const fields = r.matches.map(matchFields);
      const key = fields.map((f) => f.join(' ')).join('\n');
      let run = runOf.get(key);
      if (run === undefined) {
        run = [matchRows.length, matchRows.length + fields.length - 1];
        matchRows.push(...fields);
        runOf.set(key, run);
      }
      runs.push(run);
    }
    // Rules that credit the same (without logs or metrics, all credit '+') and share a run are one rule: the script
    // holds one entry per rule, and which of such rules a Host tries first changes no answer.
    const ruleRows: (string | number)[][] = [];
    const rowOf = new Map<string, number>();
    const ruleRow = rules.map((r, i) => {
      const fields = [credit(r.policy), ...runs[i]!];
      const key = fields.join(' ');
      let row = rowOf.get(key);
      if (row === undefined) {
        row = ruleRows.length;
        rowOf.set(key, row);
        ruleRows.push([row, ...fields]);
      }
      return row;
    });
    const tryList = (indexes: readonly number[]) => [...new Set(indexes.map((i) => ruleRow[i]!))].join(',');
    // The script codes a rule as one number, credit * 2^20 + run (http-tables.hbs).
    if (runOf.size >= 2 ** 20)
      throw internalError(`${runOf.size} distinct runs of matches; a script codes fewer than 2^20`);
    return [
      { name: 'regexes', columns: columns('regex', 'source:rest'), rows: regexes.map((source, i) => [i, source]) },
      {
        name: 'matches',
        columns: columns('match', 'path test', 'path or regex:text', 'methods', 'headers:text'),
        rows: matchRows.map((fields, i) => [i, ...fields]),
      },
      { name: 'rules', columns: columns('rule', 'credited policy', 'first match', 'last match'), rows: ruleRows },
      {
        name: 'host',
        columns: columns('class', 'node', 'CIDR', 'rules to try, in order'),
        rows: flatMapped(tables, ({ index, table }) => hostRows(table, tryList).map((r) => [index, ...r])),
      },
      {
        name: 'hostKnown',
        columns: columns('class', 'Host header', 'rules to try, in order'),
        rows: flatMapped(tables, ({ index, table }) =>
          table.direct.map(([name, rs]) => [
            index,
            table.directPort === null ? name : `${name}:${table.directPort}`,
            tryList(rs.flat()),
          ]),
        ),
      },
    ];
  },
  helpers: {},
};

/**
 * A match as [path test, path or regex, methods, headers]. Path tests: '-' any path, '=' exact, '^' prefix, '~' a
 * regular expression (by index), '!' never (an empty literal path, or one with '?': the request's path is compared without query).
 */
function matchFields(m: HttpMatchIR): string[] {
  const p = m.path;
  const path =
    p === null
      ? ['-', '-']
      : p.type === 'regex'
        ? ['~', String(p.regex)]
        : p.value === '' || p.value.includes('?')
          ? ['!', '-']
          : [p.type === 'exact' ? '=' : '^', p.value];
  const methods = m.methods === null ? '-' : m.methods.join(',');
  const headers = m.headers.length === 0 ? '-' : m.headers.map(([name, regex]) => `${name}=${regex}`).join(',');
  return [...path, methods, headers];
}
