import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { GeneratedFile } from '../generate/generate.js';
import { REST_FIELD, TABLE_FIELD, TEXT_FIELD } from '../generate/literal.js';

/**
 * egress-tables.txt as the script reads it: every line is empty, a '# ' comment of printable ASCII, a
 * '[section] <column> ...' header, or a row of one field per column of its section, separated by single spaces, each
 * holding only what its column allows (src/generate/literal.ts: plain, `:text` or, last, `:rest`). Anything else
 * would be misread at start.
 */
export function checkTables(file: GeneratedFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  let columns: ('plain' | 'text' | 'rest')[] | null = null;
  let row: RegExp | null = null;
  file.contents.split('\n').forEach((line, i) => {
    const bad = (why: string) =>
      problems.push({
        code: 'PIPYC5002',
        severity: 'error',
        message: `table line ${why}: ${JSON.stringify(line.slice(0, 80))}`,
        position: { file: file.path, line: i + 1, column: 1 },
      });
    if (line === '') return;
    if (line.charCodeAt(0) === 0x23)
      return void (/^# [\x20-\x7e]*$/.test(line) || bad('is a comment with characters outside printable ASCII'));
    if (line.charCodeAt(0) === 0x5b) {
      const header = /^\[[A-Za-z]+\]((?: <[^<>]+>)+)$/.exec(line);
      if (!header) return bad('is not a section header');
      columns = [...header[1]!.matchAll(/<[^<>]*?(:text|:rest)?>/g)].map((m) =>
        m[1] ? (m[1].slice(1) as 'text' | 'rest') : 'plain',
      );
      if (columns.slice(0, -1).includes('rest')) bad('has a :rest column that is not the last');
      row = rowPattern(columns);
      return;
    }
    if (columns === null || row === null) return bad('comes before any section');
    if (!row.test(line))
      bad(
        `does not fit its section's ${columns.length} columns (one field each, single spaces, each of its column's characters)`,
      );
  });
  return problems;
}

/** A section's row as one pattern: each column's field (src/generate/literal.ts), separated by single spaces. */
function rowPattern(columns: readonly ('plain' | 'text' | 'rest')[]): RegExp {
  const field = { plain: TABLE_FIELD, text: TEXT_FIELD, rest: REST_FIELD };
  return new RegExp(`^${columns.map((kind) => `(?:${field[kind].source.slice(1, -1)})`).join(' ')}$`);
}
