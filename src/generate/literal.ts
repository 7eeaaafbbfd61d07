import { internalError } from '../util/internal-error.js';

/**
 * The one place where data becomes PipyJS source. Every spec-derived value reaches a generated file through
 * jsLiteral (the `lit` template helper). Output is pure ASCII: quotes, backslashes, control characters,
 * U+2028/2029 and every non-ASCII code unit are escaped as \uXXXX (astral characters as surrogate pairs,
 * which Pipy's string decoder joins; its \u{...} form mishandles five-digit code points).
 */
export function jsLiteral(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return stringLiteral(value);
    case 'number':
      if (!Number.isFinite(value)) throw internalError(`cannot emit the number ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return containerLiteral(value as object);
    default:
      throw internalError(`cannot emit a ${typeof value}`);
  }
}

/**
 * jsLiteral laid out for a reader: a list of strings (the lines of a table) is written one item per line; a list of
 * plain values that ends in a list keeps them on its first line; any other list holding lists or strings is written
 * one item per line. Lines after the first are indented from it by two spaces per level (a partial's indentation adds
 * to that). The same literal as jsLiteral's, and so the same value.
 */
export function blockLiteral(value: unknown, indent = ''): string {
  if (!Array.isArray(value) || value.length === 0 || !value.some((v) => Array.isArray(v) || typeof v === 'string'))
    return jsLiteral(value);
  if (value.every((v) => typeof v === 'string')) return itemPerLine(value.map(jsLiteral), indent);
  const last = value[value.length - 1];
  const head = value.slice(0, -1);
  if (Array.isArray(last) && head.every((v) => !Array.isArray(v)))
    return `[${head.map((v) => `${jsLiteral(v)}, `).join('')}${blockLiteral(last, indent)}]`;
  return itemPerLine(
    value.map((v) => blockLiteral(v, `${indent}  `)),
    indent,
  );
}

function itemPerLine(items: readonly string[], indent: string): string {
  return `[\n${items.map((item) => `${indent}  ${item},\n`).join('')}${indent}]`;
}

function containerLiteral(value: object): string {
  const isArray = Array.isArray(value);
  const entries = isArray
    ? (value as unknown[]).map((v): [string | null, unknown] => [null, v])
    : Object.entries(value).filter(([, v]) => v !== undefined);
  const items = entries.map(([k, v]) => (k === null ? '' : `${stringLiteral(k)}: `) + jsLiteral(v));
  if (isArray) return `[${items.join(', ')}]`;
  return items.length === 0 ? '{}' : `{ ${items.join(', ')} }`;
}

export function stringLiteral(value: string): string {
  if (!value.isWellFormed()) throw internalError('cannot emit a string with a lone surrogate');
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x27) out += "\\'";
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += value[i];
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + "'";
}

/** What a table field may hold: the spec's names, hosts and CIDRs, numbers, and the tables' own markers (x: s: * - + , = ^ ~ !). */
export const TABLE_FIELD = /^[A-Za-z0-9._:/*,+=^~!-]+$/;
/** A `:text` column: printable ASCII without spaces (a literal HTTP path). */
export const TEXT_FIELD = /^[\x21-\x7e]+$/;
/** A `:rest` column, the last: the rest of the line, printable ASCII (a regular expression's source). */
export const REST_FIELD = /^[\x20-\x7e]*$/;

/** A column of a table section: its name for the reader, and what its fields may hold (TABLE_FIELD unless said). */
export interface TableColumn {
  name: string;
  kind?: 'text' | 'rest';
}

/** A section's header: `[name] <column> <column:text> ...`; the column kinds tell the tables check what each holds. */
export function tableHeader(name: string, columns: readonly TableColumn[]): string {
  if (
    !/^[A-Za-z]+$/.test(name) ||
    columns.some((c, i) => !/^[\x20-\x3d\x3f-\x7e]+$/.test(c.name) || (c.kind === 'rest' && i < columns.length - 1))
  ) {
    throw internalError(`cannot emit the table header of [${name}]`);
  }
  return `[${name}] ${columns.map((c) => `<${c.name}${c.kind ? `:${c.kind}` : ''}>`).join(' ')}`;
}

/**
 * One row of egress-tables.txt: one field per column, separated by single spaces. A field its column does not allow
 * (a space, a newline, a quote, '[', anything non-ASCII in a plain column) is refused rather than escaped: validation
 * only lets values through that fit, so a refusal here is a pipyc bug, never a spec's.
 */
export function tableLine(fields: readonly (string | number)[], columns?: readonly TableColumn[]): string {
  if (columns && fields.length !== columns.length)
    throw internalError(`a row of ${fields.length} fields under ${columns.length} columns`);
  // A plain loop: this runs for every row of tables of tens of thousands.
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (typeof field === 'number' && Number.isSafeInteger(field) && field >= 0) {
      line = i === 0 ? String(field) : `${line} ${field}`;
      continue;
    }
    const kind = columns?.[i]?.kind;
    const allowed = kind === 'rest' ? REST_FIELD : kind === 'text' ? TEXT_FIELD : TABLE_FIELD;
    if (typeof field !== 'string' || !allowed.test(field))
      throw internalError(`cannot emit ${JSON.stringify(field)} as a table field`);
    line = i === 0 ? field : `${line} ${field}`;
  }
  return line;
}

/**
 * A comment line of egress-tables.txt, for its reader ('# ' + text); the script skips it. Printable ASCII only, so a
 * comment can never end its line early: anything else is refused, as a table field would be.
 */
export function tableComment(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw internalError(`cannot emit ${JSON.stringify(text)} as a table comment`);
  return `# ${text}`;
}

/**
 * A name the generated code uses as an identifier or property (a part's kind), or a member path of such names
 * (`_tunnel.head`): refused unless it is one.
 */
export function identifier(name: unknown): string {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name))
    throw internalError(`cannot emit ${JSON.stringify(name)} as an identifier`);
  return name;
}

/**
 * The lines of a data file in the tables dialect, as made by tableHeader, tableLine and tableComment (which refused
 * whatever a line could not hold): joined by '\n'. Anything but a list of such lines is refused.
 */
export function tableText(lines: unknown): string {
  if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string' || !/^[\x20-\x7e]*$/.test(l)))
    throw internalError('cannot emit table text that is not a list of printable ASCII lines');
  return lines.join('\n');
}
