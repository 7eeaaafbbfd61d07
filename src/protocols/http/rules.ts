import { error, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ParsedValues } from '../../validate/parsed-values.js';
import { eachPolicy } from '../../validate/policy-rules.js';
import type { SemanticRule } from '../../validate/semantic-rule.js';
import { flatMapped } from '../../util/flat-mapped.js';

export const HTTP_RULES: readonly SemanticRule[] = [
  {
    name: 'regular expressions compile in both JavaScript and Pipy',
    check: eachPolicy((p, at, values) =>
      flatMapped(p.Matches ?? [], (m, j) => [
        ...(m.PathType === 'RegularExpression' && m.Path !== undefined
          ? regexProblems(values, m.Path, at('Matches', j, 'Path'))
          : []),
        ...Object.entries(m.Headers ?? {}).flatMap(([name, value]) =>
          regexProblems(values, value, at('Matches', j, 'Headers', name)),
        ),
      ]),
    ),
  },
  {
    name: 'exact and prefix paths are printable ASCII',
    check: eachPolicy((p, at) =>
      flatMapped(p.Matches ?? [], (m, j) =>
        m.Path !== undefined && m.PathType !== 'RegularExpression' && !/^[\x21-\x7e]*$/.test(m.Path)
          ? [
              error(
                'PIPYC3011',
                'Path must be printable ASCII without spaces; percent-encode anything else',
                at('Matches', j, 'Path'),
              ),
            ]
          : [],
      ),
    ),
  },
  {
    name: 'PathType comes with a Path',
    check: eachPolicy((p, at) =>
      flatMapped(p.Matches ?? [], (m, j) =>
        m.PathType !== undefined && m.Path === undefined
          ? [error('PIPYC3009', 'PathType is set but Path is missing', at('Matches', j, 'PathType'))]
          : [],
      ),
    ),
  },
  {
    name: 'header names in a match are unique, ignoring case',
    check: eachPolicy((p, at) =>
      flatMapped(p.Matches ?? [], (m, j) => {
        const seen = new Set<string>();
        return Object.keys(m.Headers ?? {}).flatMap((name) => {
          const lower = name.toLowerCase();
          if (!seen.has(lower)) return (seen.add(lower), []);
          return [
            error(
              'PIPYC3010',
              `header "${name}" is listed twice (header names ignore case)`,
              at('Matches', j, 'Headers', name),
            ),
          ];
        });
      }),
    ),
  },
  {
    name: 'HTTP matches need an http port',
    check: eachPolicy((p, at) =>
      p.Matches && p.Matches.length > 0 && !p.Ports.some((port) => port.Protocol === 'http')
        ? [
            error(
              'PIPYC3008',
              `policy "${p.Name}" has Matches but no http port, so they could never apply`,
              at('Matches'),
            ),
          ]
        : [],
    ),
  },
];

function regexProblems(values: ParsedValues, source: string, pointer: string): Diagnostic[] {
  const checked = values.regex(source);
  return checked.kind === 'parsed'
    ? []
    : [error('PIPYC3007', `invalid regular expression ${JSON.stringify(source)}: ${checked.reason}`, pointer)];
}
