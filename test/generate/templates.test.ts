import { describe, expect, it } from 'vitest';
import { loadTemplateSources } from '../../src/generate/template-sources.js';
import { PART_SLOTS, printingHelpers, templateHelpers } from '../../src/generate/templates.js';
import { PART_GENERATIONS, PARTS } from '../../src/protocols/registry.js';

const PRINTING = new Set(printingHelpers(PART_GENERATIONS));
const KNOWN = Object.keys(templateHelpers(PART_GENERATIONS, new Set()));
const BLOCK = /^(#|\/|else\b|>|!)/;
const sources = loadTemplateSources();
const common = (n: string) => n.startsWith('protocols/') || n.startsWith('shared/');
const families = [...new Set(Object.keys(sources).filter((n) => !common(n)).map((n) => n.split('/')[0]!))];
const shared = Object.keys(sources).filter((n) => n.startsWith('shared/')).map((n) => n.slice('shared/'.length));
/** The partials a family's templates include, through its own and the shared ones they include in turn. */
const includedBy = (texts: string[]) => new Set(texts.flatMap((text) => [...text.matchAll(/\{\{>\s*([\w-]+)/g)].map((m) => m[1]!)));

/** The slots a family's templates ask parts to fill: `(slot kind "x")` and `part-slot ... slot="x"`. */
const slotsAsked = (text: string) => [...text.matchAll(/\(slot [\w.]+ "([\w-]+)"\)|slot="([\w-]+)"/g)].map((m) => m[1] ?? m[2]!);

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

  it.each(families)('family %s: every partial it includes exists (its own or shared), and each of its own is included', (family) => {
    const own = Object.entries(sources).filter(([n]) => n.startsWith(`${family}/`));
    const partials = own.filter(([n]) => n.startsWith(`${family}/partials/`)).map(([n]) => n.slice(`${family}/partials/`.length));
    const reachable = [...own.map(([, t]) => t), ...Object.entries(sources).filter(([n]) => common(n)).map(([, t]) => t)];
    const included = includedBy(reachable);
    expect([...included].filter((p) => !partials.includes(p) && !shared.includes(p) && p !== 'nothing')).toEqual([]);
    expect(partials.filter((p) => !included.has(p))).toEqual([]);
    expect(own.filter(([n]) => !n.startsWith(`${family}/partials/`)).length).toBeGreaterThan(0);
  });

  it('every shared partial is included by some template', () => {
    const included = includedBy(Object.values(sources));
    expect(shared.filter((p) => !included.has(p))).toEqual([]);
  });

  it('asks parts only for known slots', () => {
    const asked = new Set(Object.values(sources).flatMap(slotsAsked));
    expect([...asked].filter((s) => !(s in PART_SLOTS)).sort()).toEqual([]);
  });

  it("each part's slot templates are in its home, named <kind>-<slot> for a slot some family asks for", () => {
    const asked = new Set(Object.values(sources).flatMap(slotsAsked));
    const misplaced = Object.keys(sources)
      .filter((n) => n.startsWith('protocols/'))
      .filter((n) => {
        const [, home, file] = n.split('/');
        const part = PARTS.find((p) => file!.startsWith(`${p.kind}-`));
        return !part || part.home !== home || !asked.has(file!.slice(part.kind.length + 1));
      });
    expect(misplaced).toEqual([]);
  });
});
