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
    else if (ts.isNoSubstitutionTemplateLiteral(node)) strings.push(node.text, ...node.text.split(/\s+/).filter(Boolean));
    else if (ts.isIdentifier(node)) names.add(node.text);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = node.expression;
      const simple = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && /^[\w$.]+$/.test(callee.getText(sf)));
      names.add(`call:${simple ? callee.getText(sf) : ts.SyntaxKind[callee.kind]}`);
    }
    else if (ts.isTemplateExpression(node)) names.add('template-literal');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { strings, names };
}
