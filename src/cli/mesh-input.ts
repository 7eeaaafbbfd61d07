import { InvalidArgumentError, Option, type Command } from 'commander';
import { hasErrors, PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { readObjectFiles } from '../io/read-object-files.js';
import { loadObjects } from '../mesh/load-objects.js';
import { auditTargetProblem, EGRESS_MODE_ANNOTATION } from '../mesh/egress-mode.js';
import type { LoadedObjects } from '../mesh/objects.js';
import type { EgressDefault, ResolutionMode, ResolveOptions } from '../mesh/resolve-identity.js';
import type { FamilyRequest, OutputFamily } from '../outputs/family.js';
import { familyNamed, OUTPUT_FAMILIES, OUTPUT_FORMATS } from '../outputs/registry.js';
import type { SpecSource } from '../parse/source.js';
import { LOG_LEVELS, type SidecarLogLevel } from '../sidecar-spec/types.js';
import { collect, printDiagnostics, type Io } from './io.js';

export interface MeshOptions {
  filename: string[];
  identity?: string;
  allIdentities?: boolean;
  audit: string[];
  meshCidr: string[];
  format: string;
  egressDefault?: EgressDefault;
  allowUnknownIdentity?: boolean;
  logLevel?: SidecarLogLevel;
}

/** The families whose code reads a mesh's objects in one resolution mode (ResolutionMode, src/mesh/resolve-identity.ts). */
const inMode = (kind: ResolutionMode['kind']) => OUTPUT_FAMILIES.filter((f) => f.resolution({}).kind === kind);
const formats = (families: readonly OutputFamily[]) => families.map((f) => `--format ${f.name}`).join(' or ');

/** The options that read a mesh's objects instead of a spec, and the output format (one per registered family). */
export function meshOptions(command: Command, allIdentities: boolean): Command {
  const formatHelp = `what to make: ${OUTPUT_FAMILIES.map((f) => `${f.name}, ${f.summary}`).join('; ')}`;
  command
    .option(
      '-f, --filename <path>',
      "mesh objects (MeshConfig, Egress, HTTPRouteGroup, Namespace, ServiceAccount): a YAML/JSON file, a directory, or '-' for stdin (repeatable)",
      collect,
      [] as string[],
    )
    .option('--identity <ns/sa>', 'the ServiceAccount whose sidecar to resolve, e.g. curl/curl', once('--identity'))
    .option(
      '--audit <who>',
      `pass what the policies would refuse and log it as would-deny, for a namespace, a <namespace>/<serviceaccount> or '*' (every identity); repeatable, over the ${EGRESS_MODE_ANNOTATION} annotations`,
      collect,
      [] as string[],
    )
    .option(
      '--allow-unknown-identity',
      'with --identity: resolve it even when no Egress names it (else an error: most likely a typo)',
    )
    .option(
      '--mesh-cidr <cidr>',
      `an in-mesh destination range (repeatable): MeshCIDRs, which the objects do not carry (${formats(inMode('whole-proxy'))}; explain: in-mesh destinations, which the mesh decides)`,
      collect,
      [] as string[],
    )
    .addOption(
      new Option('--format <format>', formatHelp).choices([...OUTPUT_FORMATS]).default(OUTPUT_FAMILIES[0]!.name),
    )
    .addOption(
      new Option(
        '--egress-default <verdict>',
        `${formats(inMode('egress-only'))}: what egress of identities no Egress names gets (default deny; audit: passed and logged as would-deny)`,
      ).choices(['deny', 'allow', 'audit']),
    )
    .addOption(
      new Option(
        '--log-level <level>',
        "pipyc's own log level, over the MeshConfig's spec.sidecar.logLevel (off: no refusal or would-deny lines)",
      ).choices([...LOG_LEVELS]),
    );
  if (allIdentities)
    command.option(
      '--all-identities',
      'one output for every ServiceAccount some Egress names (a standalone sidecar: one codebase each, under <dir>/<namespace>/<name>/)',
    );
  return command;
}

/** The output family --format names (commander allows only registered names). */
export function familyOf(opts: Pick<MeshOptions, 'format'>): OutputFamily {
  return familyNamed(opts.format)!;
}

/** An option given twice is a usage error (commander would keep the last one silently). */
function once(flag: string): (value: string, previous: string | undefined) => string {
  return (value, previous) => {
    if (previous !== undefined)
      throw new InvalidArgumentError(`${flag} is given twice (${previous}, ${value}): give one (or --all-identities)`);
    return value;
  };
}

/** What the options ask of the family. */
export function requestOf(opts: MeshOptions): FamilyRequest {
  return {
    ...(opts.identity !== undefined && { identity: opts.identity }),
    ...(opts.audit.length > 0 && { audit: opts.audit }),
    ...(opts.meshCidr.length > 0 && { meshCIDRs: opts.meshCidr }),
    ...(opts.egressDefault !== undefined && { egressDefault: opts.egressDefault }),
    ...(opts.allowUnknownIdentity && { allowUnknownIdentity: true }),
    ...(opts.logLevel !== undefined && { logLevel: opts.logLevel }),
  };
}

/** How the options ask for an identity to be resolved: as the --format family reads a mesh's objects. */
export function resolveOptionsOf(opts: MeshOptions): ResolveOptions {
  return {
    mode: familyOf(opts).resolution(requestOf(opts)),
    ...(opts.meshCidr.length > 0 && { meshCIDRs: opts.meshCidr }),
    ...(opts.allowUnknownIdentity && { allowUnknownIdentity: true }),
    ...(opts.audit.length > 0 && { audit: opts.audit }),
    ...(opts.logLevel !== undefined && { logLevel: opts.logLevel }),
  };
}

/** Why these options do not go together, or undefined. */
export function meshOptionsConflict(
  opts: MeshOptions,
  spec: string | undefined,
  takesAllIdentities: boolean,
  tellsInMesh = false,
): string | undefined {
  const fromObjects = opts.filename.length > 0;
  const family = familyOf(opts);
  const badAudit = opts.audit.map(auditTargetProblem).find((p) => p !== undefined);
  if (badAudit) return badAudit;
  if (spec !== undefined && fromObjects) return 'give either a spec or -f mesh objects, not both';
  if (!fromObjects) {
    if (
      opts.identity !== undefined ||
      opts.allIdentities ||
      opts.meshCidr.length > 0 ||
      opts.allowUnknownIdentity ||
      opts.audit.length > 0 ||
      opts.logLevel !== undefined
    )
      return '--identity, --all-identities, --allow-unknown-identity, --audit, --log-level and --mesh-cidr go with -f <mesh objects> (in a spec: Spec.Traffic.EgressPolicyMode, Spec.SidecarLogLevel)';
    if (!family.buildSpec)
      return `--format ${family.name} compiles a mesh's objects: give them with -f (and --identity or --all-identities)`;
    return spec === undefined ? 'give a spec file, or -f <mesh objects> with --identity' : undefined;
  }
  if (opts.identity !== undefined && opts.allIdentities) return 'give --identity or --all-identities, not both';
  if (opts.allowUnknownIdentity && opts.identity === undefined) return '--allow-unknown-identity goes with --identity';
  const mode = family.resolution({}).kind;
  // explain takes them in any mode: for code that decides only egress they say which destinations never reach it.
  if (mode !== 'whole-proxy' && opts.meshCidr.length > 0 && !tellsInMesh) {
    return `--mesh-cidr is for standalone sidecars (${formats(inMode('whole-proxy'))}): with --format ${family.name} the mesh's own sidecar tells in-mesh traffic from egress`;
  }
  if (mode !== 'egress-only' && opts.egressDefault !== undefined) {
    return `--egress-default goes with ${formats(inMode('egress-only'))} (with --format ${family.name}, egress no policy allows follows the MeshConfig's enableEgress)`;
  }
  if (opts.identity === undefined && !opts.allIdentities)
    return `-f needs --identity <namespace>/<serviceaccount>${takesAllIdentities ? ' or --all-identities' : ''}`;
  return undefined;
}

/**
 * Reads and loads the objects; prints their warnings and what was skipped (JSON output carries the warnings instead);
 * throws PipycError when any object is wrong.
 */
export async function readMesh(
  io: Io,
  opts: MeshOptions,
  sources: SpecSource[],
  json: boolean | undefined,
): Promise<LoadedObjects & { diagnostics: Diagnostic[] }> {
  sources.push(...(await readObjectFiles(opts.filename, io.stdin)));
  const loaded = loadObjects(sources);
  if (hasErrors(loaded.diagnostics)) throw new PipycError(loaded.diagnostics);
  if (!json) {
    printDiagnostics(io, sources, loaded.diagnostics);
    const skipped = Object.entries(loaded.skipped).sort(([a], [b]) => (a < b ? -1 : 1));
    if (skipped.length > 0) {
      const total = skipped.reduce((n, [, c]) => n + c, 0);
      io.err(
        `pipyc: skipped ${total} object${total === 1 ? '' : 's'} of other kinds (${skipped.map(([k, c]) => `${k} ${c}`).join(', ')})\n`,
      );
    }
  }
  return loaded;
}
