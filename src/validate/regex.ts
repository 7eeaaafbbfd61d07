/**
 * Regular expressions in policies run in Pipy's RegExp, which is C++ std::regex (ECMAScript grammar) over UTF-8
 * bytes. We accept what both JavaScript and std::regex understand the same way, anchored to the whole value.
 */
export type RegexCheck = { kind: 'parsed'; anchored: string } | { kind: 'invalid'; reason: string };

const UNSUPPORTED: readonly [RegExp, string][] = [
  [/\(\?<[=!]/, 'lookbehind is not supported by Pipy (std::regex)'],
  [/\(\?<[A-Za-z]/, 'named groups are not supported by Pipy (std::regex)'],
  [/\\k</, 'named back-references are not supported by Pipy (std::regex)'],
  [/\\[pP]\{/, 'Unicode property escapes are not supported by Pipy (std::regex)'],
  [/\\u\{/, '\\u{...} escapes are not supported by Pipy (std::regex)'],
  [/[^\x20-\x7e]/, 'only printable ASCII is allowed (Pipy matches bytes, not characters)'],
];

export function checkRegex(source: string): RegexCheck {
  for (const [pattern, reason] of UNSUPPORTED) if (pattern.test(source)) return { kind: 'invalid', reason };
  try {
    new RegExp(source);
  } catch (e) {
    return { kind: 'invalid', reason: (e as Error).message.replace(/^Invalid regular expression: /, '') };
  }
  return { kind: 'parsed', anchored: `^(?:${source})$` };
}
