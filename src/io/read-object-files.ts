import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { MAX_OBJECTS_BYTES } from '../mesh/load-objects.js';
import type { SpecSource } from '../parse/source.js';
import { compareText } from '../util/compare.js';
import { readInput, type Stdin } from './read-input.js';
import { readManifest } from './read-manifest.js';

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/**
 * The texts behind `-f` arguments: a file, '-' for stdin, or a directory read recursively for *.yaml, *.yml and
 * *.json files (in name order, hidden entries skipped). The disk edge of `loadObjects`.
 */
export async function readObjectFiles(paths: readonly string[], stdin?: Stdin): Promise<SpecSource[]> {
  const sources: SpecSource[] = [];
  for (const path of paths) {
    if (path === '-') {
      sources.push(await readInput('-', MAX_OBJECTS_BYTES, stdin));
      continue;
    }
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new PipycError([error('PIPYC1001', `cannot read ${path}: no such file or directory`)]);
    const files = stat.isDirectory() ? objectFilesUnder(path) : [path];
    for (const file of files) sources.push(await readInput(file, MAX_OBJECTS_BYTES));
  }
  return sources;
}

/** A codebase or identity tree pipyc wrote (its manifest.json says so): output, not input. */
function writtenByPipyc(dir: string): boolean {
  return readManifest(dir).kind !== 'none';
}

/**
 * *.yaml, *.yml and *.json files under `dir`, recursively, in name order; hidden entries, node_modules and what pipyc
 * wrote (codebases, identity trees) skipped.
 */
export function objectFilesUnder(dir: string): string[] {
  if (writtenByPipyc(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .sort((a, b) => compareText(a.name, b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return objectFilesUnder(path);
      return e.isFile() && OBJECT_FILE.test(e.name) ? [path] : [];
    });
}
