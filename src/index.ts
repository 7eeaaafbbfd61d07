/** pipyc as a library: compile a sidecar spec into a PipyJS codebase. */
export { compile, compileValue, compileSource, validate, validateSource } from './compile.js';
export type { CompileOptions, CompileResult, PipelineResult, ValidateResult } from './compile.js';
export { writeCodebase } from './write/write-codebase.js';
export type { WriteOptions } from './write/write-codebase.js';
export { PipycError } from './diagnostics/diagnostic.js';
export type { Diagnostic, Severity, SourcePosition } from './diagnostics/diagnostic.js';
export { CODES, type DiagnosticCode } from './diagnostics/codes.js';
export { formatDiagnostic } from './diagnostics/format.js';
export type { FormatOptions } from './diagnostics/format.js';
export type { Manifest } from './manifest/manifest.js';
export type { GeneratedFile } from './generate/generate.js';
export type { SidecarSpec, EgressPolicy, PolicyPort, HttpMatch, SidecarLogLevel, PolicyProtocol, PathType } from './sidecar-spec/types.js';
export { LOG_LEVELS, POLICY_PROTOCOLS, PATH_TYPES } from './sidecar-spec/types.js';
export type { WriterFileSystem } from './write/file-system.js';
export { SIDECAR_SPEC_SCHEMA } from './validate/schema-validator.js';
export { PIPYC_VERSION } from './version.js';
export { explain, explainer } from './explain/explain.js';
export type { Probe } from './explain/probe.js';
export type { Explanation, Outcome, DecisionReason } from './explain/explanation.js';
export { DECISION_REASONS } from './explain/explanation.js';
export { verifyCodebase } from './verify/verify.js';
export type { VerifyOptions, VerifyResult } from './verify/verify.js';
export type { SpecSource } from './parse/source.js';

// Mesh objects in (osm-edge MeshConfig, Egress, HTTPRouteGroup), one codebase per ServiceAccount out.
export { loadObjects } from './mesh/load-objects.js';
export { readObjectFiles } from './io/read-object-files.js';
export { MeshIndex, parseIdentity, resolveIdentity, attributeToObjects } from './mesh/resolve-identity.js';
export type { Resolution, ResolveOptions, PolicySource } from './mesh/resolve-identity.js';
export type { MeshSettings } from './mesh/mesh-config.js';
export type { ResolvedPolicy } from './mesh/egress.js';
export type { FieldOrigin, ResolvedMatch } from './mesh/route-groups.js';
export type { Identity, LoadedObjects, MeshObject, ObjectRef, ObjectPath, KnownKind } from './mesh/objects.js';
export { annotatedYaml } from './mesh/resolution-yaml.js';
export { compileIdentity, compileAllIdentities } from './compile-identity.js';
export type { IdentityCodebase, IdentitiesCodebases, IdentityCompileOptions } from './compile-identity.js';

// Publishing to a Pipy repo.
export { publishCodebase, publishCodebases, checkCodebasePath } from './publish/publish.js';
export type { PublishResult } from './publish/publish.js';
export { readCodebase, readIdentityTree } from './publish/read-codebase.js';
export type { CodebaseFiles, IdentityTree } from './publish/read-codebase.js';
export { TARGETS, DEFAULT_TARGET } from './sidecar-spec/targets.js';
export type { Target } from './sidecar-spec/targets.js';
