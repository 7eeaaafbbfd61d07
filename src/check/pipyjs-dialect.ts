/**
 * What the generated files may contain. The target is the legacy Pipy configuration style: one expression, no
 * statements, arrows with expression bodies. It is what Pipy 0.90.3 accepts, and Pipy 1.5 accepts it unchanged
 * (docs/architecture.md, "Why the legacy configuration style"; Pipy's parser: src/pjs/parser.cpp in flomesh-io/pipy).
 */

/** Globals a generated script may reference (PipyJS built-ins plus the legacy per-connection `__inbound`). */
export const PIPYJS_GLOBALS: ReadonlySet<string> = new Set([
  'pipy',
  'Data',
  'Message',
  'MessageStart',
  'MessageEnd',
  'StreamEnd',
  'Netmask',
  'IPMask',
  'Math',
  'Number',
  'String',
  'Object',
  'Array',
  'Boolean',
  'JSON',
  'Date',
  'Map',
  'Set',
  'RegExp',
  'Error',
  'Promise',
  'console',
  'os',
  'algo',
  'stats',
  'NaN',
  'Infinity',
  'undefined',
  '__inbound',
  'repeat',
  'Timeout',
  'DNS',
  'invoke',
]);

export const FORBIDDEN_CONSTRUCTS: Readonly<Record<string, string>> = {
  statement:
    'statements (var, let, const, if, for, while, function declarations, ...): the file must be one expression',
  semicolon: "';' (Pipy 0.90.3 has no such token)",
  blockArrow: 'an arrow function with a block body',
  functionExpression: 'function expressions',
  class: 'classes',
  regex: 'regular expression literals (use new RegExp(...))',
  this: "'this'",
  super: "'super'",
  async: "'async'/'await'",
  yield: "'yield'",
  spreadCall: 'spread in call arguments',
  rest: 'rest parameters',
  accessor: 'getters, setters and method shorthand',
  taggedTemplate: 'tagged templates',
  bareArrowBranch:
    "an arrow function as the bare middle of '? :' (Pipy 0.90.3 cannot parse it; wrap it in parentheses)",
};
