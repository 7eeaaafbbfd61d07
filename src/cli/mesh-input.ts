import { Option, type Command } from 'commander';
import { hasErrors, PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readObjectFiles } from '../io/read-object-files.js';
import { loadObjects } from '../mesh/load-objects.js';
import type { LoadedObjects } from '../mesh/objects.js';
import type { EgressDefault, ResolveOptions } from '../mesh/resolve-identity.js';
import type { SpecSource } from '../parse/source.js';
import { collect, printDiagnostics, type Io } from './io.js';

export const FORMATS = ['sidecar', 'osm-edge-plugin'] as const;
export type Format = (typeof FORMATS)[number];

export interface MeshOptions {
  filename: string[];
  identity?: string;
  allIdentities?: boolean;
  meshCidr: string[];
  format: Format;
  egressDefault?: EgressDefault;
  allowUnknownIdentity?: boolean;
}

/** The options that read osm-edge objects instead of a spec. */
export function meshOptions(command: Command, allIdentities: boolean): Command {
  command
    .option('-f, --filename <path>', "mesh objects (MeshConfig, Egress, HTTPRouteGroup): a YAML/JSON file, a directory, or '-' for stdin (repeatable)", collect, [] as string[])
    .option('--identity <ns/sa>', 'the ServiceAccount whose sidecar to resolve, e.g. curl/curl')
    .option('--allow-unknown-identity', 'with --identity: resolve it even when no Egress names it (else an error: most likely a typo)')
    .option('--mesh-cidr <cidr>', 'an in-mesh destination range (repeatable): MeshCIDRs, which the objects do not carry (standalone sidecars only)', collect, [] as string[])
    .addOption(new Option('--format <format>', "what to make of the objects: a standalone sidecar, or an osm-edge Plugin that decides egress inside osm-edge's own sidecars (docs/osm-edge-plugin.md)").choices([...FORMATS]).default('sidecar'))
    .addOption(new Option('--egress-default <verdict>', 'osm-edge-plugin: what egress no policy allows gets, also for identities without Egress (default deny)').choices(['deny', 'allow']));
  if (allIdentities) command.option('--all-identities', 'one codebase per ServiceAccount named by some Egress, under <dir>/<namespace>/<name>/');
  return command;
}

/** How the options ask for an identity to be resolved: for a standalone sidecar or for the osm-edge plugin. */
export function resolveOptionsOf(opts: MeshOptions): ResolveOptions {
  const allow = opts.allowUnknownIdentity ? { allowUnknownIdentity: true } : {};
  return opts.format === 'osm-edge-plugin' ? { osmEdgePlugin: { egressDefault: opts.egressDefault ?? 'deny' }, ...allow } : { meshCIDRs: opts.meshCidr, ...allow };
}

/** Why these options do not go together, or undefined. */
export function meshOptionsConflict(opts: MeshOptions, spec: string | undefined, takesAllIdentities: boolean): string | undefined {
  const fromObjects = opts.filename.length > 0;
  if (spec !== undefined && fromObjects) return 'give either a spec or -f mesh objects, not both';
  if (!fromObjects) {
    if (opts.identity !== undefined || opts.allIdentities || opts.meshCidr.length > 0 || opts.allowUnknownIdentity) return '--identity, --all-identities, --allow-unknown-identity and --mesh-cidr go with -f <mesh objects>';
    if (opts.format === 'osm-edge-plugin') return '--format osm-edge-plugin compiles osm-edge\'s objects: give them with -f (and --identity or --all-identities)';
    return spec === undefined ? 'give a spec file, or -f <mesh objects> with --identity' : undefined;
  }
  if (opts.identity !== undefined && opts.allIdentities) return 'give --identity or --all-identities, not both';
  if (opts.allowUnknownIdentity && opts.identity === undefined) return '--allow-unknown-identity goes with --identity';
  if (opts.format === 'osm-edge-plugin' && opts.meshCidr.length > 0) return "--mesh-cidr is for standalone sidecars: in osm-edge's sidecar, osm-edge itself tells in-mesh traffic from egress";
  if (opts.format !== 'osm-edge-plugin' && opts.egressDefault !== undefined) return '--egress-default goes with --format osm-edge-plugin (a standalone sidecar takes the MeshConfig\'s enableEgress)';
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
