import { describe, expect, it } from 'vitest';
import { loadTemplateSources } from '../../src/generate/template-sources.js';
import { FAMILY_HOOKS, PART_SLOTS } from '../../src/generate/template-contracts.js';
import { partialName, printingHelpers, templateHelpers } from '../../src/generate/templates.js';
import { REGISTRY } from '../../src/protocols/registry.js';
import { DECISION_REASONS } from '../../src/compile/explain.js';
import { RUNTIME_REASONS } from '../../src/decision/reasons.js';
import { unbalancedBrackets } from '../support/brackets.js';

const PRINTING = new Set(printingHelpers(REGISTRY.generations));
const KNOWN = Object.keys(templateHelpers(REGISTRY.generations, new Set()));
const BLOCK = /^(#|\/|else\b|>|!)/;
const sources = loadTemplateSources();
const names = Object.keys(sources);
const common = (n: string) => n.startsWith('protocols/') || n.startsWith('runtime/');
const families = [...new Set(names.filter((n) => !common(n)).map((n) => n.split('/')[0]!))];
const parts = [REGISTRY.parts.destination, ...REGISTRY.parts.sniffed];
/** The partials a text includes by name (a part's slots are included through the `slot` helper instead). */
const includes = (text: string) => [...text.matchAll(/\{\{>\s*([\w/-]+)/g)].map((m) => m[1]!);
/** The slots a text asks parts to fill: `(slot kind "x")`, `part-slots ... slot="x"`, `destination-slot slot="x"`, `(fills ... "x")`. */
const slotsAsked = (text: string) =>
  [...text.matchAll(/\(slot [\w.]+ "([\w-]+)"\)|slot="([\w-]+)"|\(fills [\w.]+ "([\w-]+)"\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
const allAsked = new Set(Object.values(sources).flatMap(slotsAsked));

describe('templates', () => {
  it.each(Object.entries(sources))('%s prints data only through the escaping helpers', (_name, text) => {
    for (const [, inner] of text.matchAll(/\{\{\{?([^}]*)\}\}\}?/g)) {
      const body = inner!.trim();
      if (BLOCK.test(body)) continue;
      const helper = body.split(/\s+/)[0]!;
      expect(PRINTING.has(helper), `{{${body}}} must use one of ${[...PRINTING].join(', ')}`).toBe(true);
      expect(KNOWN).toContain(helper);
    }
  });

  it.each(families)(
    'family %s: every partial its templates and the runtime include exists, and each of its own is included',
    (family) => {
      const own = names.filter((n) => n.startsWith(`${family}/`));
      const visible = new Set(
        [...names.filter(common), ...own.filter((n) => n.split('/').length > 2)].map(partialName),
      );
      const texts = [...own, ...names.filter(common)].map((n) => sources[n]!);
      const included = new Set(texts.flatMap(includes));
      expect([...included].filter((p) => !visible.has(p) && p !== 'nothing')).toEqual([]);
      expect(
        own
          .filter((n) => n.split('/').length > 2)
          .map(partialName)
          .filter((p) => !included.has(p)),
      ).toEqual([]);
    },
  );

  it('every runtime partial is included by some template', () => {
    const included = new Set(Object.values(sources).flatMap(includes));
    expect(
      names
        .filter((n) => n.startsWith('runtime/'))
        .map(partialName)
        .filter((p) => !included.has(p)),
    ).toEqual([]);
  });

  it('the runtime includes only runtime partials and declared family hooks', () => {
    const runtime = new Set(names.filter((n) => n.startsWith('runtime/')).map(partialName));
    const undeclared = names
      .filter((n) => n.startsWith('runtime/'))
      .flatMap((n) =>
        includes(sources[n]!)
          .filter((p) => !runtime.has(p) && !(p in FAMILY_HOOKS))
          .map((p) => `${n} includes ${p}`),
      );
    expect(undeclared).toEqual([]);
  });

  it("a home's private partials (protocols/<home>/private/) are included by its own templates alone", () => {
    const strays = names
      .filter((n) => !n.startsWith('protocols/'))
      .concat(names.filter((n) => n.startsWith('protocols/')))
      .flatMap((n) =>
        includes(sources[n]!)
          .filter((p) => p.includes('/') && !n.startsWith(`protocols/${p.split('/')[0]}/`))
          .map((p) => `${n} includes ${p}`),
      );
    expect(strays).toEqual([]);
  });

  it('asks parts only for declared slots', () => {
    expect([...allAsked].filter((s) => !(s in PART_SLOTS)).sort()).toEqual([]);
  });

  it("each part's slot templates are in its home, named <kind>-<slot> for a slot some template asks for", () => {
    const misplaced = names
      .filter((n) => n.startsWith('protocols/') && n.split('/')[2] !== 'private')
      .filter((n) => {
        const [, home, file] = n.split('/');
        const part = parts.find((p) => file!.startsWith(`${p.kind}-`));
        return !part || part.home !== home || !allAsked.has(file!.slice(part.kind.length + 1));
      });
    expect(misplaced).toEqual([]);
  });

  it('every partial is written from column 0: its caller indents it (a partial included mid-line is one line)', () => {
    const offenders = names
      .filter((n) => n.split('/').length > 2 || n.startsWith('runtime/'))
      .filter((n) => {
        const lines = sources[n]!.split('\n').filter((l) => l.trim() !== '' && !/^\s*\{\{[#/^!]|^\s*\{\{else/.test(l));
        return lines.length > 0 && Math.min(...lines.map((l) => l.length - l.trimStart().length)) !== 0;
      });
    expect(offenders).toEqual([]);
  });

  it('no partial leaves a bracket for another to close (each branch of a block on its own)', () => {
    expect(unbalancedBrackets('a = (b{{#if x}}, c){{else}}){{/if}},')).toBe('');
    expect(unbalancedBrackets("a = (b, ')' // )\n")).toBe('(');
    expect(unbalancedBrackets('{{#if x}}f(){{else}}f({{/if}}) ]')).toBe(')]');
    const partials = names.filter((n) => n.split('/').length > 2 || common(n));
    const offenders = partials.map((n) => [n, unbalancedBrackets(sources[n]!)] as const).filter(([, u]) => u !== '');
    expect(offenders).toEqual([]);
  });

  it('every reason a template writes into a verdict is a registered, published reason', () => {
    const written = new Set(
      Object.values(sources).flatMap((text) =>
        [...text.matchAll(/verdict\('\w+', ([^,]+),/g)].flatMap((m) =>
          [...m[1]!.matchAll(/'([a-z][a-z-]*)'/g)].map((r) => r[1]!),
        ),
      ),
    );
    expect(written.size).toBeGreaterThan(15);
    expect([...written].filter((r) => !(r in DECISION_REASONS))).toEqual([]);
    for (const r of Object.keys(RUNTIME_REASONS)) expect(written).toContain(r);
  });
});
