import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Turns Pipy's load-time stderr into a diagnostic at the generated file's line and column. Pipy prints, e.g.
 *   [pjs] Syntax error: unexpected token at line 3 column 1 in /main.js
 *   [pjs] Error: not a function ... In <fn> at line 12 column 5 in /main.js
 */
export function pipyLoadError(stderr: string): Diagnostic {
  const lines = stderr.split('\n').map((l) => l.replace(/^\S+ \S+ \[\w+\] /, ''));
  const located = lines
    .map((l) => /^(?:\[pjs\]\s*)?(.*?)\s*at line (\d+) column (\d+) in \/(\S+)/.exec(l))
    .find(Boolean);
  const message =
    lines
      .map((l) => /^\[pjs\] ((?:Syntax error|Error): .*?)(?: at line \d+ column \d+ in \S+)?$/.exec(l)?.[1])
      .find(Boolean) ??
    lines.find((l) => /error|cannot|unable/i.test(l))?.trim() ??
    lines.filter(Boolean).pop() ??
    'Pipy exited without a message';
  return {
    code: 'PIPYC5004',
    severity: 'error',
    message: `Pipy refused the codebase: ${message.trim()}`,
    ...(located && { position: { file: located[4]!, line: Number(located[2]), column: Number(located[3]) } }),
  };
}
