import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile, PipycError, type SidecarSpec } from '../../src/index.js';

describe('the public API as a TypeScript user meets it', () => {
  it('type-checks spec literals passed to compile() (tsc --noEmit fails if an expect-error is not an error)', () => {
    // @ts-expect-error SidecarLogLevel takes only the known levels
    const verbose = () => compile({ Spec: { SidecarLogLevel: 'verbose' } });
    // @ts-expect-error a misspelt field is an excess property, not silently accepted
    const typo = () => compile({ Spec: { Trafic: { EnableEgress: true } } });
    // @ts-expect-error Protocol is one of the four protocols
    const udp = () => compile({ Spec: {}, EgressPolicies: [{ Name: 'a', Ports: [{ Number: 53, Protocol: 'udp' }] }] });
    const good: SidecarSpec = {
      Spec: { SidecarLogLevel: 'info', Traffic: { EnableEgress: false } },
      EgressPolicies: [{ Name: 'a', Ports: [{ Number: 443, Protocol: 'https' }] }],
    };
    expect(compile(good).manifest.target).toBe('pipy-1.5');
    for (const bad of [verbose, typo, udp]) expect(bad).toThrow(PipycError); // and at run time too
  });

  it('exports every type that an exported function takes or returns, and documents every spec field', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const program = ts.createProgram([`${root}src/index.ts`], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      target: ts.ScriptTarget.ES2022,
    });
    const checker = program.getTypeChecker();
    const index = checker.getSymbolAtLocation(program.getSourceFile(`${root}src/index.ts`)!)!;
    const exported = new Set(checker.getExportsOfModule(index).map((s) => s.name));
    const missing = new Set<string>();
    const seen = new Set<ts.Type>();
    const visit = (type: ts.Type, depth: number, from: string) => {
      if (seen.has(type) || depth > 4) return;
      seen.add(type);
      const symbol = type.aliasSymbol ?? type.getSymbol();
      const declaration = symbol?.declarations?.[0];
      const ours = declaration?.getSourceFile().fileName.startsWith(`${root}src/`);
      if (
        ours &&
        declaration &&
        symbol &&
        (ts.isInterfaceDeclaration(declaration) ||
          ts.isTypeAliasDeclaration(declaration) ||
          ts.isClassDeclaration(declaration)) &&
        !exported.has(symbol.name)
      )
        missing.add(`${symbol.name} (via ${from})`);
      for (const t of [...(type.aliasTypeArguments ?? []), ...(type.isUnionOrIntersection() ? type.types : [])])
        visit(t, depth + 1, from);
      if (ours || type.isUnionOrIntersection())
        for (const p of type.getProperties()) visit(checker.getTypeOfSymbol(p), depth + 1, `${from}.${p.name}`);
      for (const s of type.getCallSignatures()) visitSignature(s, depth + 1, from);
      if (symbol?.name === 'Promise' || symbol?.name === 'Array')
        for (const t of checker.getTypeArguments(type as ts.TypeReference)) visit(t, depth + 1, from);
    };
    const visitSignature = (s: ts.Signature, depth: number, from: string) => {
      for (const p of s.getParameters()) visit(checker.getTypeOfSymbol(p), depth, `${from}(${p.name})`);
      visit(s.getReturnType(), depth, `${from}()`);
    };
    for (const symbol of checker.getExportsOfModule(index)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (!(target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))) continue;
      const type = checker.getTypeOfSymbol(target);
      for (const s of [...type.getCallSignatures(), ...type.getConstructSignatures()])
        visitSignature(s, 0, symbol.name);
      if (target.flags & ts.SymbolFlags.Class)
        for (const p of checker.getDeclaredTypeOfSymbol(target).getProperties())
          visit(checker.getTypeOfSymbol(p), 1, `${symbol.name}.${p.name}`);
    }
    expect([...missing].sort()).toEqual([]);

    const specTypes = program.getSourceFile(`${root}src/sidecar-spec/types.ts`)!;
    const undocumented: string[] = [];
    const walk = (node: ts.Node, owner: string) => {
      if (ts.isPropertySignature(node) && ts.getJSDocCommentsAndTags(node).length === 0)
        undocumented.push(`${owner}.${node.name.getText(specTypes)}`);
      const name =
        ts.isInterfaceDeclaration(node) || ts.isPropertySignature(node) ? (node.name as ts.Identifier).text : owner;
      ts.forEachChild(node, (child) =>
        walk(child, ts.isInterfaceDeclaration(node) ? name : ts.isPropertySignature(node) ? `${owner}.${name}` : owner),
      );
    };
    walk(specTypes, '');
    expect(undocumented).toEqual([]);
  });
});
