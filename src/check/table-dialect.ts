import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { GeneratedFile } from '../generate/generate.js';
import { TABLE_FIELD } from '../generate/literal.js';

/**
 * egress-tables.txt as the script reads it: every line is empty, a '# ' comment of printable ASCII, a
 * '[section] <columns>' header, or fields separated by single spaces, each of the characters a table field may hold
 * (src/generate/literal.ts); the first data line comes after a header. Anything else would be misread at start.
 */
export function checkTables(file: GeneratedFile): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const row = new RegExp(`^${FIELD}( ${FIELD})*$`);
  let inSection = false;
  file.contents.split('\n').forEach((line, i) => {
    const bad = (why: string) => problems.push({ code: 'PIPYC5002', severity: 'error', message: `table line ${why}: ${JSON.stringify(line.slice(0, 80))}`, position: { file: file.path, line: i + 1, column: 1 } });
    if (line === '') return;
    if (line.charCodeAt(0) === 0x23) return void (/^# [\x20-\x7e]*$/.test(line) || bad('is a comment with characters outside printable ASCII'));
    if (line.charCodeAt(0) === 0x5b) return void (/^\[[A-Za-z]+\] [\x20-\x7e]+$/.test(line) ? (inSection = true) : bad('is not a section header'));
    if (!inSection) return bad('comes before any section');
    if (!row.test(line)) bad('holds a field outside the table charset, or fields not separated by single spaces');
  });
  return problems;
}

/** One field, as TABLE_FIELD allows it (without its anchors). */
const FIELD = TABLE_FIELD.source.replace(/^\^|\$$/g, '');
