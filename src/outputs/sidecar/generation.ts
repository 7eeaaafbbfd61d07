import type { GeneratedFile } from '../../generate/generate.js';
import { sha256, type FileRecord } from '../../manifest/manifest.js';
import { compareText } from '../../util/compare.js';

const GENERATION_FILE = 'generation.txt';

/**
 * generation.txt: what a running sidecar compares to learn that a reload changed its codebase (Pipy keeps open
 * connections on the code they started with). `generation` names the whole codebase (main.js and its tables), `code`
 * main.js alone: old code that finds only the generation changed takes the new tables; a changed `code` retires it.
 * Made from the files' records (their sha256, computed once for this and the manifest). Written in the tables
 * dialect, so `check` holds it to the same rules. Pure.
 */
export function generationFile(files: readonly FileRecord[], entry: string): GeneratedFile {
  const code = files.find((f) => f.path === entry)!.sha256;
  const all = [...files]
    .sort((a, b) => compareText(a.path, b.path))
    .map((f) => `${f.path} ${f.sha256}\n`)
    .join('');
  return {
    path: GENERATION_FILE,
    contents: `[generation] <generation> <code>\n${sha256(all).slice(0, 16)} ${code.slice(0, 16)}\n`,
  };
}
