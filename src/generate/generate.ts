import type { SidecarIR } from '../ir/types.js';
import type { Templates } from './templates.js';

export interface GeneratedFile {
  path: string;
  contents: string;
}

/** Fills every entry template with the IR. Files come out sorted by path, with '\n' line ends and one final newline. */
export function generate(ir: SidecarIR, templates: Templates): GeneratedFile[] {
  return Object.keys(templates.entries)
    .sort()
    .map((path) => ({ path, contents: tidy(templates.entries[path]!(ir)) }));
}

function tidy(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').replace(/\s*$/, '\n');
}
