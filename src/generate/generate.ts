import type { FamilyTemplates } from './templates.js';
import { compareText } from '../util/compare.js';

export interface GeneratedFile {
  path: string;
  contents: string;
}

/**
 * Fills every entry template of a family with its context (the IR). Files come out entry first, then sorted by path,
 * with '\n' line ends and one final newline; a template that renders nothing (egress-tables.txt for a spec without
 * tables) writes no file. Data files are written clean by their helper and only get their final newline here.
 */
export function generate(context: object, templates: FamilyTemplates, entry: string): GeneratedFile[] {
  return Object.keys(templates.entries)
    .sort((a, b) => Number(b === entry) - Number(a === entry) || compareText(a, b))
    .map((path) => ({ path, contents: templates.entries[path]!(context) }))
    .filter((f) => f.contents.trim() !== '')
    .map((f) => ({ path: f.path, contents: f.path.endsWith('.js') ? tidy(f.contents) : f.contents.trimEnd() + '\n' }));
}

function tidy(text: string): string {
  return (
    text
      .replace(/\r\n/g, '\n')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}
