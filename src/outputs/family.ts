import type { Dialect } from '../check/check.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Failed } from '../diagnostics/failed.js';
import type { GeneratedFile } from '../generate/generate.js';
import type { PartGeneration } from '../generate/part-generation.js';
import type { PartLowerings } from '../lower/part-lowering.js';
import type { Manifest } from '../manifest/manifest.js';
import type { MeshSettings } from '../mesh/mesh-config.js';
import type { MeshFlavour } from '../mesh/objects.js';
import type { EgressDefault, Resolution, ResolutionMode } from '../mesh/resolve-identity.js';
import type { SidecarModel } from '../normalize/model.js';
import type { Target } from '../sidecar-spec/targets.js';
import type { SidecarLogLevel } from '../sidecar-spec/types.js';

/**
 * An output format: what pipyc makes of a spec or of a mesh's objects. Each family lives in src/outputs/<name>/ (this
 * declaration, its IR, its assembly, its preconditions) with its templates in pipy-templates/<name>/ and its goldens
 * in golden/<name>/; src/outputs/registry.ts lists them, and the CLI, the library entry points and resolve/explain
 * dispatch on what a family declares here, never on its name. How to add one: docs/architecture.md.
 */
export interface OutputFamily {
  /** The --format value, and the name of its folders. */
  name: string;
  /** Other names --format takes for it. */
  aliases: readonly string[];
  /** What it makes, for --format's help. */
  summary: string;
  /** Its templates and the dialect `check` holds each file to. */
  templates: FamilyFiles;
  /** What the CLI writes of it: a directory (a codebase, or a tree of them), or a stream of Kubernetes objects. */
  writes: 'codebases' | 'objects';
  /** How an identity's spec is resolved from a mesh's objects for this output, given what the caller asked. */
  resolution(request: FamilyRequest): ResolutionMode;
  /** The Pipy target when none is asked for: for a spec, and for each mesh whose sidecars run the output. */
  defaultTarget: Readonly<Record<'spec' | MeshFlavour, Target>>;
  /** A codebase from one spec's model, for a family a spec (not only a mesh's objects) can be compiled to. Pure. */
  buildSpec?(model: SidecarModel, target: Target, parts: FamilyParts): Omit<CodebaseOutput, 'warnings'> | Failed;
  /** Whether identities no Egress names get the egress default's code (one spec beyond the identities'). */
  needsDefault(request: FamilyRequest): boolean;
  /** The output for the identities asked for, each with the model of the spec it resolved to. Pure. */
  assemble(input: AssemblyInput, parts: FamilyParts): FamilyOutput | Failed;
}

/** Entry templates (pipy-templates/<family>/<file>.hbs), the files its build derives from them, the file Pipy loads. */
export interface FamilyFiles {
  entry: string;
  files: Readonly<Record<string, Dialect>>;
  derived?: Readonly<Record<string, Dialect>>;
}

/** What a caller (the CLI, a controller) asked of a family, beyond the objects. */
export interface FamilyRequest {
  /** One identity; absent: every identity an Egress names. */
  identity?: string;
  target?: Target;
  /** Whole-proxy families: the mesh's in-mesh ranges, which its objects do not carry. */
  meshCIDRs?: readonly string[];
  /** Egress-only families: what egress no policy allows gets. */
  egressDefault?: EgressDefault;
  allowUnknownIdentity?: boolean;
  /** Who audits whatever the objects' annotations say: namespaces, `namespace/serviceaccount`s, or `*`. */
  audit?: readonly string[];
  /** The SidecarLogLevel of pipyc's code, over the MeshConfig's (`off`: no refusal or would-deny lines). */
  logLevel?: SidecarLogLevel;
}

/** The registry's parts as the back end takes them (src/protocols/registry.ts, handed in once by src/compile/). */
export interface FamilyParts {
  lowerings: PartLowerings;
  generations: readonly PartGeneration[];
}

export interface AssemblyInput {
  request: FamilyRequest;
  target: Target;
  settings: MeshSettings;
  /** The namespace the mesh's own objects live in (its MeshConfig's). */
  meshNamespace: string;
  /** The mesh the objects come from (osm-edge's or fsm's): what the output calls it. */
  mesh: MeshFlavour;
  /**
   * Each identity asked for, in `namespace/name` order, with its resolution, its spec's model and the warnings both
   * gave (told against the objects).
   */
  identities: readonly { identity: string; resolution: Resolution; model: SidecarModel; warnings: Diagnostic[] }[];
  /** The model of what an identity no Egress names gets, where `needsDefault`: in a namespace without one of its own. */
  fallback: SidecarModel | null;
  /**
   * Where `needsDefault`: each namespace among the objects (its identities', its Namespace object's), with the model
   * of what its identities no Egress names get (in the namespace's egress mode).
   */
  namespaces: ReadonlyMap<string, SidecarModel>;
}

/** Whether `format` names the family: its name or one of its aliases. */
export function answersTo(family: Pick<OutputFamily, 'name' | 'aliases'>, format: string): boolean {
  return family.name === format || family.aliases.includes(format);
}

/** What a family makes: a codebase, a tree of codebases (one per identity), or Kubernetes objects. */
export type FamilyOutput = CodebaseOutput | TreeOutput | ObjectsOutput;

export interface CodebaseOutput {
  kind: 'codebase';
  /** Generated files, manifest.json last; paths are relative to the codebase root. */
  files: GeneratedFile[];
  manifest: Manifest;
  warnings: Diagnostic[];
}

export interface TreeOutput {
  kind: 'tree';
  /** One entry per identity, in `namespace/name` order; `dir` is `<namespace>/<name>`. */
  identities: { identity: string; dir: string; specSha256: string; manifest: Manifest }[];
  /** Every file of every codebase, paths under `<namespace>/<name>/`, then the tree's manifest.json. */
  files: GeneratedFile[];
  warnings: Diagnostic[];
}

export interface ObjectsOutput {
  kind: 'objects';
  /** The objects, in the order `kubectl apply` should see them. */
  objects: KubernetesObject[];
  /** The objects as a YAML stream with a comment header; a file that begins otherwise is not pipyc's to replace. */
  yaml: string;
  /** How the YAML begins (the header's first words). */
  header: string;
  /** What was made, in words, for the CLI's summary ('2 osm-edge Plugins'), and one line per object with code. */
  made: string;
  summary: string[];
  warnings: Diagnostic[];
}

/** A Kubernetes object as `kubectl apply -f` takes it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}
