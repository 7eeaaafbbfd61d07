import { createHash } from 'node:crypto';
import type * as TS from 'typescript';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { GeneratedFile } from '../generate/generate.js';
import { FORBIDDEN_CONSTRUCTS, PIPYJS_GLOBALS } from './pipyjs-dialect.js';
import { checkTables } from './table-dialect.js';
import { typescript } from './typescript.js';

/**
 * What a generated file must be, as an output family declares it for each file it writes:
 * - 'pipyjs': PipyJS in the legacy configuration style (one expression), which both Pipy 1.5 and 0.90.3 accept,
 *   checked with the TypeScript compiler API against what Pipy would refuse;
 * - 'tables': egress-tables.txt, the data the script reads line by line (table-dialect.ts).
 */
export type Dialect = 'pipyjs' | 'tables';

/**
 * Checks every generated file against its dialect. Any diagnostic here is a pipyc bug (or an escaping failure);
 * nothing is written when one is found. `memory`: the shapes of scripts that passed before (see CheckedShapes).
 */
export function checkGenerated(
  files: readonly { file: GeneratedFile; dialect: Dialect }[],
  memory: CheckedShapes,
): Diagnostic[] {
  return files.flatMap(({ file, dialect }) => (dialect === 'tables' ? checkTables(file) : checkScript(file, memory)));
}

/**
 * The texts (by hash) and token skeletons of scripts that passed the full check, at most `limit`, oldest forgotten
 * first. The same text passes again, and so does a script whose tokens are the same apart from the contents of its
 * string, number and plain template literals: every rule below reads the shape of the syntax tree and the
 * identifiers, never a literal's contents, and a literal's contents cannot change how the tokens around it parse.
 * Compiling a mesh's identities checks thousands of scripts of few shapes.
 */
export class CheckedShapes {
  private readonly passed = new Set<string>();
  /** How many scripts needed the full check (the others passed by their shape). */
  fullChecks = 0;
  constructor(private readonly limit = 256) {}

  has(skeleton: string): boolean {
    return this.passed.has(skeleton);
  }

  remember(skeleton: string): void {
    if (this.passed.size >= this.limit) this.passed.delete(this.passed.values().next().value!);
    this.passed.add(skeleton);
  }
}

function checkScript(file: GeneratedFile, memory: CheckedShapes): Diagnostic[] {
  // The same text passed before (the usual case where a script's data lives in its tables, and the one a skeleton
  // cannot serve: a script with '/'): no scan at all.
  const text = `text:${createHash('sha256').update(file.contents).digest('base64')}`;
  if (memory.has(text)) return [];
  const ts = typescript();
  const skeleton = tokenSkeleton(ts, file.contents);
  if (skeleton !== null && memory.has(skeleton)) return [];
  memory.fullChecks++;
  const problems = fullCheck(ts, file);
  if (problems.length === 0) {
    memory.remember(text);
    if (skeleton !== null) memory.remember(skeleton);
  }
  return problems;
}

/**
 * The file's tokens with literal contents left out, or null when scanning alone cannot be trusted to find where
 * literals end: a '/' (could start a regular expression the scanner would read as division), a template with
 * substitutions (the scanner does not resume a template after '}'), or a scanning error.
 */
function tokenSkeleton(ts: typeof TS, text: string): string | null {
  let broken = false;
  const scanner = ts.createScanner(
    ts.ScriptTarget.Latest,
    true,
    ts.LanguageVariant.Standard,
    text,
    () => (broken = true),
  );
  const parts: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    switch (kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        parts.push(String(kind));
        break;
      case ts.SyntaxKind.SlashToken:
      case ts.SyntaxKind.SlashEqualsToken:
      case ts.SyntaxKind.TemplateHead:
        return null;
      default:
        parts.push(`${kind}:${scanner.getTokenText()}`);
    }
    if (broken) return null;
  }
  return broken ? null : parts.join('\n');
}

function fullCheck(ts: typeof TS, file: GeneratedFile): Diagnostic[] {
  const sf = ts.createSourceFile(file.path, file.contents, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const syntax = syntaxDiagnostics(ts, sf);
  if (syntax.length > 0)
    return syntax.map((d) => at(sf, d.start ?? 0, 'PIPYC5001', ts.flattenDiagnosticMessageText(d.messageText, ' ')));
  return [...checkShape(ts, sf), ...checkSemicolons(ts, sf), ...checkIdentifiers(ts, sf)];
}

function syntaxDiagnostics(ts: typeof TS, sf: TS.SourceFile): readonly TS.Diagnostic[] {
  const host: TS.CompilerHost = {
    getSourceFile: (name) => (name === sf.fileName ? sf : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => f === sf.fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [sf.fileName],
    options: { allowJs: true, noLib: true, noResolve: true, noEmit: true },
    host,
  });
  return program.getSyntacticDiagnostics(sf);
}

function checkShape(ts: typeof TS, sf: TS.SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const forbid = (node: TS.Node, what: keyof typeof FORBIDDEN_CONSTRUCTS) =>
    out.push(at(sf, node.getStart(sf), 'PIPYC5002', `PipyJS does not accept ${FORBIDDEN_CONSTRUCTS[what]}`));
  if (sf.statements.length !== 1 || !ts.isExpressionStatement(sf.statements[0]!)) {
    forbid(sf.statements[1] ?? sf.statements[0] ?? sf, 'statement');
  }
  const visit = (node: TS.Node): void => {
    if (ts.isStatement(node) && !(node.parent === sf && ts.isExpressionStatement(node))) forbid(node, 'statement');
    else if (ts.isArrowFunction(node) && ts.isBlock(node.body)) forbid(node.body, 'blockArrow');
    else if (ts.isFunctionExpression(node)) forbid(node, 'functionExpression');
    else if (ts.isClassLike(node)) forbid(node, 'class');
    else if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) forbid(node, 'regex');
    else if (node.kind === ts.SyntaxKind.ThisKeyword) forbid(node, 'this');
    else if (node.kind === ts.SyntaxKind.SuperKeyword) forbid(node, 'super');
    else if (ts.isAwaitExpression(node) || node.kind === ts.SyntaxKind.AsyncKeyword) forbid(node, 'async');
    else if (ts.isYieldExpression(node)) forbid(node, 'yield');
    else if (ts.isSpreadElement(node) && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)))
      forbid(node, 'spreadCall');
    else if (ts.isParameter(node) && node.dotDotDotToken) forbid(node, 'rest');
    else if (ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isMethodDeclaration(node)) forbid(node, 'accessor');
    else if (ts.isTaggedTemplateExpression(node)) forbid(node, 'taggedTemplate');
    else if (ts.isConditionalExpression(node) && ts.isArrowFunction(node.whenTrue))
      forbid(node.whenTrue, 'bareArrowBranch');
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sf, visit);
  return out;
}

/** A ';' can only end the one statement: any other would have made a second (empty) statement. */
function checkSemicolons(ts: typeof TS, sf: TS.SourceFile): Diagnostic[] {
  const only = sf.statements[0];
  if (!only || !ts.isExpressionStatement(only) || sf.text[only.end - 1] !== ';') return [];
  return [at(sf, only.end - 1, 'PIPYC5002', `PipyJS does not accept ${FORBIDDEN_CONSTRUCTS.semicolon}`)];
}

/**
 * Every identifier read must be a parameter in scope, a PipyJS global, or a context variable of pipy({...}) (or one
 * the module imports with .import({...})).
 * Context variables only exist inside the configuration chain (the body of the arrow that calls pipy()), not in
 * the helper functions defined before it, so they are only in scope there.
 */
function checkIdentifiers(ts: typeof TS, sf: TS.SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const contextVariables = new Set<string>();
  let chainOwner: TS.Node | undefined;
  const names = (arg: TS.Expression | undefined) => {
    if (arg && ts.isObjectLiteralExpression(arg))
      for (const p of arg.properties) if (p.name && ts.isIdentifier(p.name)) contextVariables.add(p.name.text);
  };
  const collectContext = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'pipy') {
      names(node.arguments[0]);
      chainOwner ??= ts.findAncestor(node, ts.isArrowFunction);
    }
    // A module's .import({ __x: 'namespace' }): variables another module exports, context variables here too.
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === 'import'
    )
      names(node.arguments[0]);
    ts.forEachChild(node, collectContext);
  };
  collectContext(sf);

  const bindingNames = (name: TS.BindingName, into: Set<string>): void => {
    if (ts.isIdentifier(name)) into.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, into);
  };
  const visit = (node: TS.Node, scope: ReadonlySet<string>): void => {
    if (ts.isArrowFunction(node)) {
      const inner = new Set(scope);
      const own = new Set<string>();
      for (const p of node.parameters) {
        const names = new Set<string>();
        bindingNames(p.name, names);
        // Two helpers of one name: the later silently replaces the earlier in Pipy; JavaScript refuses the script.
        for (const name of names)
          if (own.has(name)) out.push(at(sf, p.getStart(sf), 'PIPYC5003', `"${name}" is a parameter twice`));
        for (const name of names) own.add(name);
      }
      for (const name of own) inner.add(name);
      for (const p of node.parameters) if (p.initializer) visit(p.initializer, inner);
      visit(
        node.body,
        node === chainOwner || chainOwner === undefined ? new Set([...inner, ...contextVariables]) : inner,
      );
      return;
    }
    if (ts.isIdentifier(node) && isReference(ts, node)) {
      const name = node.text;
      if (!scope.has(name) && !PIPYJS_GLOBALS.has(name)) {
        const hint = contextVariables.has(name) ? ' (context variables only exist inside the pipy() chain)' : '';
        out.push(
          at(sf, node.getStart(sf), 'PIPYC5003', `"${name}" is not a parameter in scope or a PipyJS global${hint}`),
        );
      }
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(sf, chainOwner === undefined ? contextVariables : new Set());
  return out;
}

function isReference(ts: typeof TS, node: TS.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  if (ts.isParameter(parent) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  return true;
}

function at(sf: TS.SourceFile, offset: number, code: DiagnosticCode, message: string): Diagnostic {
  const { line, character } = sf.getLineAndCharacterOfPosition(offset);
  return { code, severity: 'error', message, position: { file: sf.fileName, line: line + 1, column: character + 1 } };
}
