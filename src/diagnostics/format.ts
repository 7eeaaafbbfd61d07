import type { Diagnostic } from './diagnostic.js';

export interface FormatOptions {
  color?: boolean;
  /** Text of the file the positions refer to; when given, a code frame is printed under the message. */
  sourceText?: string;
  /** Name shown when a diagnostic has no position. */
  sourceName?: string;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** `file:line:col: error CODE: message [pointer]`, then an optional code frame and hint. */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const bold = paint(color, '1');
  const severity = paint(color, d.severity === 'error' ? '31;1' : '33;1')(d.severity);
  const where = d.position
    ? `${d.position.file}:${d.position.line}:${d.position.column}`
    : (options.sourceName ?? '<spec>');
  const pointer =
    d.pointer !== undefined && d.pointer !== '' && !d.message.includes(d.pointer) ? ` [${d.pointer}]` : '';
  const lines = [`${bold(where)}: ${severity} ${d.code}: ${d.message}${pointer}`];
  if (d.position && options.sourceText !== undefined)
    lines.push(...codeFrame(options.sourceText, d.position.line, d.position.column, color));
  if (d.hint) lines.push(`  ${paint(color, '36')('hint')}: ${d.hint}`);
  return lines.join('\n');
}

function codeFrame(text: string, line: number, column: number, color: boolean): string[] {
  const source = text.split('\n')[line - 1];
  if (source === undefined) return [];
  const gutter = String(line).length;
  const start = Math.max(0, column - 60);
  const shown =
    (start > 0 ? '…' : '') +
    source
      .slice(start, start + 120)
      .replace(/\t/g, ' ')
      .replace(/[\u0000-\u001f\u007f]/g, '?');
  const caretAt = column - 1 - start + (start > 0 ? 1 : 0);
  return [
    `  ${String(line).padStart(gutter)} | ${shown}`,
    `  ${' '.repeat(gutter)} | ${' '.repeat(Math.max(0, caretAt))}${paint(color, '32;1')('^')}`,
  ];
}
