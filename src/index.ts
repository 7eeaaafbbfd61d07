/**
 * pipyc as a library: compile a sidecar spec, or a mesh's osm-edge objects, into PipyJS codebases and osm-edge Plugins.
 *
 * Results or throws, one rule: a function whose input comes from users (text, objects, a directory, a Pipy binary)
 * returns a `kind`-discriminated result or its diagnostics and never throws for bad input (compileSource,
 * validate, validateSource, loadObjects, resolveIdentity, verifyCodebase); a function for a program that holds a
 * value it expects to be good throws PipycError, which carries every diagnostic (compile, compileValue,
 * compileObjects, compileIdentity, compileAllIdentities, compileOsmEdgePlugin, explain, explainer, writeCodebase,
 * readObjectFiles, readCodebase, readIdentityTree, parseIdentity, publishCodebase, publishCodebases).
 * Reading files and talking to a repo or a Pipy are the only I/O: readObjectFiles, readCodebase, writeCodebase,
 * verifyCodebase and the publish functions.
 */

// A spec in, a codebase out.
export { compile, compileValue, compileSource, validate, validateSource } from './compile/compile-spec.js';
export type { CompileOptions, CompileResult, PipelineResult, ValidateResult } from './compile/compile-spec.js';
export type { Failed } from './diagnostics/failed.js';
export type {
  SidecarSpec,
  EgressPolicy,
  PolicyPort,
  HttpMatch,
  SidecarLogLevel,
  EgressPolicyMode,
  PolicyProtocol,
  PathType,
} from './sidecar-spec/types.js';
export { LOG_LEVELS, EGRESS_POLICY_MODES, POLICY_PROTOCOLS, PATH_TYPES } from './sidecar-spec/types.js';
export { TARGETS, type Target } from './sidecar-spec/targets.js';
export type { SpecSource } from './parse/source.js';
export type { GeneratedFile } from './generate/generate.js';
export type { FileRecord, Manifest } from './manifest/manifest.js';
export { writeCodebase } from './write/write-codebase.js';
export type { WriteOptions } from './write/write-codebase.js';
export type { WriterFileSystem } from './write/file-system.js';
export { PIPYC_VERSION } from './version.js';

// Problems, as data.
export { PipycError, type Diagnostic, type Severity, type SourcePosition } from './diagnostics/diagnostic.js';
export { CODES, type DiagnosticCode } from './diagnostics/codes.js';
export { formatDiagnostic, type FormatOptions } from './diagnostics/format.js';

// What the compiled sidecar decides, and whether a codebase loads in a real Pipy.
export { explain, explainer, DECISION_REASONS } from './compile/explain.js';
export type { Probe } from './decision/probe.js';
export type { Explanation, Outcome, DecisionReason } from './explain/explanation.js';
export { verifyCodebase, type VerifyOptions, type VerifyResult } from './verify/verify.js';

// A mesh's objects in (osm-edge MeshConfig, Egress, HTTPRouteGroup): one codebase per ServiceAccount, or Plugins.
export { loadObjects } from './mesh/load-objects.js';
export { readObjectFiles } from './io/read-object-files.js';
export type { Stdin } from './io/read-input.js';
export {
  MeshIndex,
  parseIdentity,
  resolveIdentity,
  type Resolution,
  type ResolveOptions,
  type ResolutionMode,
  type EgressDefault,
  type PolicySource,
} from './mesh/resolve-identity.js';
export type { MeshSettings } from './mesh/mesh-config.js';
export { EGRESS_MODE_ANNOTATION, type EgressModeAnnotations, type EgressModeChoice } from './mesh/egress-mode.js';
export type { ResolvedPolicy } from './mesh/egress.js';
export type { FieldOrigin, ResolvedMatch } from './mesh/route-groups.js';
export type {
  Identity,
  LoadedObjects,
  MeshFlavour,
  MeshObject,
  ObjectRef,
  ObjectPath,
  KnownKind,
} from './mesh/objects.js';
export { annotatedYaml } from './mesh/resolution-yaml.js';
export { diffMeshes, diffSpecs, type DiffResult, type DiffVerdict, type EgressDiff, type Flip } from './diff/diff.js';
export type { SpecChange } from './diff/spec-changes.js';
export { diffText } from './diff/render.js';
export {
  compileObjects,
  compileIdentity,
  compileAllIdentities,
  type MeshInput,
  type ObjectsCompileOptions,
  type IdentityCodebase,
  type IdentitiesCodebases,
  type IdentityCompileOptions,
} from './compile/compile-mesh.js';
export {
  compileOsmEdgePlugin,
  type OsmEdgePlugin,
  type OsmEdgePluginOptions,
} from './compile/compile-osm-edge-plugin.js';
export { MAX_PLUGIN_BYTES, type PluginSummary } from './outputs/osm-edge-plugin/assembly.js';
export { OUTPUT_FORMATS } from './outputs/registry.js';
export type {
  FamilyOutput,
  FamilyRequest,
  CodebaseOutput,
  TreeOutput,
  ObjectsOutput,
  KubernetesObject,
} from './outputs/family.js';

// Publishing to a Pipy repo.
export { publishCodebase, publishCodebases, type PublishResult } from './publish/publish.js';
export { readCodebase, readIdentityTree, type CodebaseFiles, type IdentityTree } from './publish/read-codebase.js';
