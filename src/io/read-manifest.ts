import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, manifestOf, type ManifestRead } from '../manifest/manifest.js';

/**
 * A directory's manifest.json, read and understood once (manifestOf) for every command that takes a codebase or a
 * tree of them (verify, publish, the object readers that skip pipyc's own output). Never throws: a directory without
 * one says why, in words.
 */
export function readManifest(dir: string): ManifestRead {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return {
        kind: 'none',
        why: `it has no ${MANIFEST_FILE} (${existsSync(dir) ? 'not written by pipyc compile' : 'no such directory'})`,
      };
    if (code === 'EACCES') return { kind: 'none', why: `${MANIFEST_FILE} cannot be read (permission denied)` };
    if (code === 'ENOTDIR') return { kind: 'none', why: 'it is a file, not a directory' };
    return { kind: 'none', why: `${MANIFEST_FILE} cannot be read (${code ?? (e as Error).message})` };
  }
  return manifestOf(text);
}
