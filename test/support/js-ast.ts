import ts from 'typescript';

export interface AstFacts {
  /** Every string literal's decoded value (including quoted object keys), and each field of a row table's lines. */
  strings: string[];
  /** Identifiers read or declared, property names after '.', and called expressions' text. */
  names: Set<string>;
}

/** Parses generated JavaScript and collects what an injection would have to change. */
export function astFacts(code: string): AstFacts {
  const sf = ts.createSourceFile('main.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const strings: string[] = [];
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) strings.push(node.text);
    else if (ts.isNoSubstitutionTemplateLiteral(node))
      strings.push(node.text, ...node.text.split(/\s+/).filter(Boolean));
    else if (ts.isIdentifier(node)) names.add(node.text);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const simple =
        ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && /^[\w$.]+$/.test(callee.getText(sf)));
      names.add(`call:${simple ? callee.getText(sf) : ts.SyntaxKind[callee.kind]}`);
    } else if (ts.isTemplateExpression(node)) names.add('template-literal');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { strings, names };
}

/**
 * The helper functions a generated main.js defines as parameters of its outer arrow (`name = <initializer>`),
 * evaluated in order in plain JavaScript up to the last of `wanted`, so a test can call the script's own code.
 */
export function scriptHelpers(
  code: string,
  wanted: readonly string[],
  globals: Record<string, unknown> = {},
): Record<string, unknown> {
  const sf = ts.createSourceFile('main.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let outer: ts.ArrowFunction | undefined;
  const find = (node: ts.Node): void => {
    if (!outer && ts.isArrowFunction(node) && node.parameters.some((p) => p.initializer)) outer = node;
    else ts.forEachChild(node, find);
  };
  find(sf);
  if (!outer) throw new Error('no helper parameters in the script');
  // A Pipy 1.5 script asks pipy.version at load (0.90 has none).
  const scope: Record<string, unknown> = { Math, Number, pipy: { version: {} }, ...globals };
  const missing = new Set(wanted);
  for (const p of outer.parameters) {
    if (missing.size === 0) break;
    if (!ts.isIdentifier(p.name) || !p.initializer) continue;
    missing.delete(p.name.text);
    scope[p.name.text] = new Function('scope', `with (scope) { return (${p.initializer.getText(sf)}) }`)(scope);
  }
  if (missing.size > 0) throw new Error(`the script defines no ${[...missing].join(', ')}`);
  return scope;
}
