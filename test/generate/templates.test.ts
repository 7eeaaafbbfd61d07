import { describe, expect, it } from 'vitest';
import { loadTemplateSources } from '../../src/generate/template-sources.js';
import { TEMPLATE_HELPERS } from '../../src/generate/templates.js';

const PRINTING = new Set(['lit', 'tablesText', 'ruleTests']);
const BLOCK = /^(#|\/|else\b|>|!)/;

describe('templates', () => {
  const sources = loadTemplateSources();
  it('exist', () => {
    expect(Object.keys(sources)).toContain('main.js');
  });

  it.each(Object.entries(sources))('%s prints data only through the escaping helpers', (_name, text) => {
    for (const [, inner] of text.matchAll(/\{\{\{?([^}]*)\}\}\}?/g)) {
      const body = inner!.trim();
      if (BLOCK.test(body)) continue;
      const helper = body.split(/\s+/)[0]!;
      expect(PRINTING.has(helper), `{{${body}}} must use one of ${[...PRINTING].join(', ')}`).toBe(true);
      expect(Object.keys(TEMPLATE_HELPERS)).toContain(helper);
    }
  });
});
