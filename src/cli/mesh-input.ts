import type { Command } from 'commander';
import { hasErrors, PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readObjectFiles } from '../io/read-object-files.js';
import { loadObjects } from '../mesh/load-objects.js';
import type { LoadedObjects } from '../mesh/objects.js';
import type { SpecSource } from '../parse/source.js';
import { collect, printDiagnostics, type Io } from './io.js';

export interface MeshOptions {
  filename: string[];
  identity?: string;
  allIdentities?: boolean;
  meshCidr: string[];
}

/** The options that read osm-edge objects instead of a spec. */
export function meshOptions(command: Command, allIdentities: boolean): Command {
  command
    .option('-f, --filename <path>', "mesh objects (MeshConfig, Egress, HTTPRouteGroup): a YAML/JSON file, a directory, or '-' for stdin (repeatable)", collect, [] as string[])
    .option('--identity <ns/sa>', 'the ServiceAccount whose sidecar to resolve, e.g. curl/curl')
    .option('--mesh-cidr <cidr>', 'an in-mesh destination range (repeatable): MeshCIDRs, which the objects do not carry', collect, [] as string[]);
  if (allIdentities) command.option('--all-identities', 'one codebase per ServiceAccount named by some Egress, under <dir>/<namespace>/<name>/');
  return command;
}

/** Why these options do not go together, or undefined. */
export function meshOptionsConflict(opts: MeshOptions, spec: string | undefined, takesAllIdentities: boolean): string | undefined {
  const fromObjects = opts.filename.length > 0;
  if (spec !== undefined && fromObjects) return 'give either a spec or -f mesh objects, not both';
  if (!fromObjects) {
    if (opts.identity !== undefined || opts.allIdentities || opts.meshCidr.length > 0) return '--identity, --all-identities and --mesh-cidr go with -f <mesh objects>';
    return spec === undefined ? 'give a spec file, or -f <mesh objects> with --identity' : undefined;
  }
  if (opts.identity !== undefined && opts.allIdentities) return 'give --identity or --all-identities, not both';
  if (opts.identity === undefined && !opts.allIdentities) return `-f needs --identity <namespace>/<serviceaccount>${takesAllIdentities ? ' or --all-identities' : ''}`;
  return undefined;
}

/**
 * Reads and loads the objects; prints their warnings and what was skipped (JSON output carries the warnings instead);
 * throws PipycError when any object is wrong.
 */
export async function readMesh(io: Io, opts: MeshOptions, sources: SpecSource[], json: boolean | undefined): Promise<LoadedObjects & { diagnostics: Diagnostic[] }> {
  sources.push(...(await readObjectFiles(opts.filename)));
  const loaded = loadObjects(sources);
  if (hasErrors(loaded.diagnostics)) throw new PipycError(loaded.diagnostics);
  if (!json) {
    printDiagnostics(io, sources, loaded.diagnostics);
    const skipped = Object.entries(loaded.skipped).sort(([a], [b]) => (a < b ? -1 : 1));
    if (skipped.length > 0) {
      const total = skipped.reduce((n, [, c]) => n + c, 0);
      io.err(`pipyc: skipped ${total} object${total === 1 ? '' : 's'} of other kinds (${skipped.map(([k, c]) => `${k} ${c}`).join(', ')})\n`);
    }
  }
  return loaded;
}
