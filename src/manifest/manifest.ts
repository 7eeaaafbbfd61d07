import { createHash } from 'node:crypto';
import type { GeneratedFile } from '../generate/generate.js';
import type { ObjectRef } from '../mesh/objects.js';
import type { Target } from '../sidecar-spec/targets.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';

export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  compiler: { name: 'pipyc'; version: string };
  /** The Pipy version the code was compiled for (`pipyc verify` checks the binary against it). */
  target: Target;
  specSha256: string;
  entry: string;
  listenPort: number;
  files: FileRecord[];
  pipy: { argv: string[]; commandLine: string };
  /** For a codebase resolved from mesh objects: the ServiceAccount and every object that shaped its spec. */
  source?: { identity: string; objects: ObjectRef[] };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What the manifest records of a file; made once per file and shared by whatever else names the files. */
export interface FileRecord {
  path: string;
  bytes: number;
  sha256: string;
}

export function fileRecord(file: GeneratedFile): FileRecord {
  return { path: file.path, bytes: Buffer.byteLength(file.contents, 'utf8'), sha256: sha256(file.contents) };
}

/** How to run a codebase, as its output family says: the entry file, the Pipy it is for, its listener, its log level. */
interface RunInfo {
  entry: string;
  target: Target;
  listenPort: number;
  pipyLogLevel: string;
}

export function buildManifest(
  version: string,
  spec: SidecarSpec,
  run: RunInfo,
  files: readonly FileRecord[],
): Manifest {
  const argv = ['pipy', `--log-level=${run.pipyLogLevel}`, run.entry];
  return {
    compiler: { name: 'pipyc', version },
    target: run.target,
    // normalize builds the spec with keys sorted at every level (test/normalize/canonical-spec.test.ts): its JSON is canonical.
    specSha256: sha256(JSON.stringify(spec)),
    entry: run.entry,
    listenPort: run.listenPort,
    files: [...files],
    pipy: { argv, commandLine: argv.join(' ') },
  };
}

export function manifestFile(manifest: Manifest): GeneratedFile {
  return { path: MANIFEST_FILE, contents: JSON.stringify(manifest, null, 2) + '\n' };
}

/** How a tree of codebases (one per identity, under <namespace>/<name>/) marks itself in its top manifest.json. */
const IDENTITIES_LAYOUT = 'identities';

/** The top manifest.json of a tree written by `pipyc compile --all-identities`. */
interface TreeManifest {
  compiler: { name: 'pipyc'; version: string };
  layout: typeof IDENTITIES_LAYOUT;
  identities: { identity: string; dir: string; specSha256: string }[];
}

export function treeManifestFile(version: string, identities: TreeManifest['identities']): GeneratedFile {
  const tree: TreeManifest = { compiler: { name: 'pipyc', version }, layout: IDENTITIES_LAYOUT, identities };
  return { path: MANIFEST_FILE, contents: JSON.stringify(tree, null, 2) + '\n' };
}

/** What a manifest.json says it is: one codebase, a tree of them, or not pipyc's (with why, in words). */
export type ManifestRead =
  | { kind: 'codebase'; manifest: Manifest }
  | { kind: 'tree'; manifest: TreeManifest }
  | { kind: 'none'; why: string };

/** The one reading of a manifest.json's text, for every reader of codebases and trees (io/read-manifest.ts, write). */
export function manifestOf(text: string): ManifestRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'none', why: `its ${MANIFEST_FILE} is not JSON` };
  }
  const manifest = value as { compiler?: { name?: unknown }; layout?: unknown; identities?: unknown; files?: unknown };
  if (manifest === null || typeof manifest !== 'object' || manifest.compiler?.name !== 'pipyc')
    return { kind: 'none', why: `its ${MANIFEST_FILE} was not written by pipyc` };
  if (manifest.layout === IDENTITIES_LAYOUT) {
    return Array.isArray(manifest.identities)
      ? { kind: 'tree', manifest: value as TreeManifest }
      : { kind: 'none', why: `its ${MANIFEST_FILE} lists no identities` };
  }
  return Array.isArray(manifest.files)
    ? { kind: 'codebase', manifest: value as Manifest }
    : { kind: 'none', why: `its ${MANIFEST_FILE} lists no files` };
}
