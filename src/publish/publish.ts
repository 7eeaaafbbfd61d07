import { error, PipycError } from '../diagnostics/diagnostic.js';
import type { CodebaseFiles } from './read-codebase.js';
import { PipyRepo } from './repo-client.js';

export interface PublishResult {
  codebase: string;
  /** The version the repo serves after publishing. */
  version: string;
  /** False when the repo already served exactly these files: no new version was made. */
  changed: boolean;
  created: boolean;
  uploaded: string[];
  removed: string[];
}

/** A codebase path in the repo: '/' then segments of letters, digits, '.', '_' and '-' (no '..'). */
function checkCodebasePath(path: string, option = '--codebase'): string {
  const problem = codebasePathProblem(path, option);
  if (problem !== null) throw new PipycError([error('PIPYC6008', problem)]);
  return path;
}

/** Why `path` is not a codebase path, or null when it is. */
export function codebasePathProblem(path: string, option = '--codebase'): string | null {
  const segments = path.split('/').slice(1);
  const ok =
    path.startsWith('/') &&
    segments.length > 0 &&
    segments.every((s) => /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..');
  return ok
    ? null
    : `${option} ${JSON.stringify(path)} is not a codebase path (e.g. /pipyc/curl/curl: a leading /, no trailing /)`;
}

interface Staged {
  codebase: string;
  info: { version: string };
  created: boolean;
  uploaded: string[];
  removed: string[];
}

/**
 * Publishes one codebase: creates it if missing, stages changed files and erases stale ones, then commits a new
 * version. Identical content commits nothing. A failure before the commit unstages what it staged, so a half-done
 * publish never becomes a version.
 */
export async function publishCodebase(repoUrl: string, codebase: string, local: CodebaseFiles): Promise<PublishResult> {
  const [result] = await publishCodebases(repoUrl, [{ codebase, local }]);
  return result!;
}

/**
 * Publishes several codebases: every one is staged first (in parallel, bounded), and only when all staged cleanly is
 * each committed. A staging failure unstages everything and commits nothing.
 */
export async function publishCodebases(
  repoUrl: string,
  items: readonly { codebase: string; local: CodebaseFiles }[],
  concurrency = 8,
): Promise<PublishResult[]> {
  const repo = new PipyRepo(repoUrl);
  const paths = new Set<string>();
  for (const item of items) {
    checkCodebasePath(item.codebase);
    if (paths.has(item.codebase))
      throw new PipycError([error('PIPYC6008', `codebase ${item.codebase} is named twice`)]);
    paths.add(item.codebase);
  }
  const staged: Staged[] = [];
  try {
    await inPool(items, concurrency, (item) => stage(repo, item.codebase, item.local, staged));
  } catch (e) {
    await Promise.allSettled(staged.map((s) => unstageAll(repo, s)));
    throw e;
  }
  const results = new Map<string, PublishResult>();
  await inPool(staged, concurrency, async (s) => {
    const changed = s.created || s.uploaded.length + s.removed.length > 0;
    const version = changed ? nextVersion(s.info.version) : s.info.version;
    if (changed) await repo.commit(s.codebase, version);
    results.set(s.codebase, {
      codebase: s.codebase,
      version,
      changed,
      created: s.created,
      uploaded: s.uploaded,
      removed: s.removed,
    });
  });
  return items.map((i) => results.get(i.codebase)!);
}

/** Stages one codebase; its entry joins `staged` before the first edit, so a failure can be undone. */
async function stage(repo: PipyRepo, codebase: string, local: CodebaseFiles, staged: Staged[]): Promise<void> {
  const existing = await repo.describe(codebase);
  const entry: Staged = { codebase, info: existing ?? { version: '0' }, created: !existing, uploaded: [], removed: [] };
  if (!existing) {
    await repo.create(codebase);
    staged.push(entry); // from here on, a failure removes the codebase again
  }
  const info = existing ?? (await repo.describe(codebase));
  if (!info)
    throw new PipycError([
      error('PIPYC6004', `the Pipy repo at ${repo.base} created ${codebase} but does not describe it`),
    ]);
  // Leftovers of an interrupted publish would be committed with ours: drop them first.
  for (const file of new Set([...info.editFiles, ...info.erasedFiles])) await repo.unstage(codebase, file);
  entry.info = info;
  if (existing) staged.push(entry);
  const wanted = new Set(local.files.map((f) => `/${f.path}`));
  for (const f of local.files) {
    const path = `/${f.path}`;
    const current = await repo.file(codebase, path);
    if (current?.equals(f.contents)) continue;
    await repo.stage(codebase, path, f.contents);
    entry.uploaded.push(path);
  }
  for (const path of info.files) {
    if (wanted.has(path)) continue;
    await repo.stageErase(codebase, path);
    entry.removed.push(path);
  }
}

/** Undoes a staging: a codebase this publish created is removed again, else each staged edit is dropped. */
async function unstageAll(repo: PipyRepo, s: Staged): Promise<void> {
  if (s.created) return repo.remove(s.codebase);
  for (const file of [...s.uploaded, ...s.removed]) await repo.unstage(s.codebase, file);
}

/** osm-edge's scheme: whole-number versions, each commit the last plus one. */
function nextVersion(version: string): string {
  return /^\d+$/.test(version) ? String(Number(version) + 1) : '1';
}

async function inPool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await run(item);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
