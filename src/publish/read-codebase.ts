import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { error, PipycError } from '../diagnostics/diagnostic.js';
import { readManifest } from '../io/read-manifest.js';
import { MANIFEST_FILE, sha256 } from '../manifest/manifest.js';

export interface CodebaseFiles {
  dir: string;
  /** Every file of the codebase (manifest.json included), paths relative to the codebase root. */
  files: { path: string; contents: Buffer }[];
}

export interface IdentityTree {
  identities: { identity: string; dir: string }[];
}

/**
 * A codebase directory as `pipyc compile` wrote it: the files its manifest lists, each checked against the manifest's
 * sha256, so a codebase edited or half-copied since is refused instead of published.
 */
export function readCodebase(dir: string): CodebaseFiles {
  const read = readManifest(dir);
  if (read.kind === 'none') throw notCodebase(dir, read.why, 'compile first: pipyc compile ... -o <dir>');
  if (read.kind === 'tree') throw notCodebase(dir, 'it holds one codebase per identity', 'pass --all-identities');
  const files = read.manifest.files.map((f) => {
    const contents = readOrFail(join(dir, f.path), dir);
    if (sha256(contents.toString('utf8')) !== f.sha256)
      throw notCodebase(dir, `${f.path} differs from what ${MANIFEST_FILE} records`, 'compile it again');
    return { path: f.path, contents };
  });
  files.push({ path: MANIFEST_FILE, contents: readOrFail(join(dir, MANIFEST_FILE), dir) });
  return { dir, files };
}

/** The identities of a tree written by `pipyc compile --all-identities`. */
export function readIdentityTree(dir: string): IdentityTree {
  const read = readManifest(dir);
  if (read.kind !== 'tree') {
    throw notCodebase(
      dir,
      read.kind === 'none' ? read.why : "it is not a tree written by 'pipyc compile --all-identities'",
      'publish one codebase with --codebase <path>',
    );
  }
  return { identities: read.manifest.identities.map(({ identity, dir }) => ({ identity, dir })) };
}

function readOrFail(path: string, dir: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw notCodebase(dir, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function notCodebase(dir: string, why: string, hint?: string): PipycError {
  return new PipycError([error('PIPYC6005', `${dir} is not a codebase pipyc can publish: ${why}`, undefined, hint)]);
}
