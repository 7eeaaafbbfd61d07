/** pipyc as a library: compile a sidecar spec into a PipyJS codebase. */
export { compile, compileSource, validate, validateSource } from './compile.js';
export type { CompileOptions, CompileResult, PipelineResult, ValidateResult } from './compile.js';
export { writeCodebase } from './write/write-codebase.js';
export type { WriteOptions } from './write/write-codebase.js';
export { PipycError } from './diagnostics/diagnostic.js';
export type { Diagnostic, Severity, SourcePosition } from './diagnostics/diagnostic.js';
export { CODES, type DiagnosticCode } from './diagnostics/codes.js';
export { formatDiagnostic } from './diagnostics/format.js';
export type { Manifest } from './manifest/manifest.js';
export type { GeneratedFile } from './generate/generate.js';
export type { SidecarSpec, EgressPolicy, PolicyPort, HttpMatch, SidecarLogLevel, PolicyProtocol } from './spec/types.js';
export { SIDECAR_SPEC_SCHEMA } from './validate/schema-validator.js';
export { PIPYC_VERSION } from './version.js';
export { explain, explainer } from './explain/explain.js';
export type { Probe, Explanation, Outcome, DecisionReason } from './explain/probe.js';
export { DECISION_REASONS } from './explain/probe.js';
export { verifyCodebase } from './verify/verify.js';
export type { VerifyOptions, VerifyResult } from './verify/verify.js';
