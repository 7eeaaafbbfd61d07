import { describe, expect, it } from 'vitest';
import { explain } from '../../src/index.js';
import { loadTable, pick, TABLES } from '../support/tables.js';

describe.each(TABLES)('explain() on the decision table %s', (name) => {
  const table = loadTable(name);
  it.each(table.rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    expect(pick(explain(table.spec, row.probe), row.expect)).toEqual(row.expect);
  });

  it('credits no policy on a refusal', () => {
    for (const row of table.rows) {
      const answer = explain(table.spec, row.probe);
      if (answer.verdict === 'deny') expect(answer.policy).toBeNull();
    }
  });
});
