import { createHash } from 'node:crypto';
import { ENTRY_FILE, type GeneratedFile } from '../generate/generate.js';
import type { SidecarIR } from '../ir/types.js';
import type { ObjectRef } from '../mesh/objects.js';
import type { Target } from '../spec/targets.js';
import type { SidecarSpec } from '../spec/types.js';

export const MANIFEST_FILE = 'manifest.json';

export interface Manifest {
  compiler: { name: 'pipyc'; version: string };
  /** The Pipy version the code was compiled for (`pipyc verify` checks the binary against it). */
  target: Target;
  specSha256: string;
  entry: string;
  listenPort: number;
  files: { path: string; bytes: number; sha256: string }[];
  pipy: { argv: string[]; commandLine: string };
  /** For a codebase resolved from mesh objects: the ServiceAccount and every object that shaped its spec. */
  source?: { identity: string; objects: ObjectRef[] };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function buildManifest(version: string, spec: SidecarSpec, ir: SidecarIR, files: readonly GeneratedFile[]): Manifest {
  const argv = ['pipy', `--log-level=${ir.logging.pipyLogLevel}`, ENTRY_FILE];
  return {
    compiler: { name: 'pipyc', version },
    target: ir.target,
    // normalize builds the spec with keys sorted at every level (test/normalize/canonical-spec.test.ts): its JSON is canonical.
    specSha256: sha256(JSON.stringify(spec)),
    entry: ENTRY_FILE,
    listenPort: ir.listener.port,
    files: files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.contents, 'utf8'), sha256: sha256(f.contents) })),
    pipy: { argv, commandLine: argv.join(' ') },
  };
}

export function manifestFile(manifest: Manifest): GeneratedFile {
  return { path: MANIFEST_FILE, contents: JSON.stringify(manifest, null, 2) + '\n' };
}
