import { PipycError, type Diagnostic } from './diagnostics/diagnostic.js';
import type { GeneratedFile } from './generate/generate.js';
import type { Manifest } from './manifest/manifest.js';
import { normalize } from './normalize/normalize.js';
import { buildSidecar } from './outputs/sidecar/build.js';
import { PROTOCOL_CHECKS } from './protocols/registry.js';
import { parseSpec, parseValue, type ParsedSpec, type ParseResult } from './parse/parse-spec.js';
import type { SpecSource } from './parse/source.js';
import { DEFAULT_TARGET, type Target } from './sidecar-spec/targets.js';
import type { SidecarSpec } from './sidecar-spec/types.js';
import { validateSpec } from './validate/validate.js';

export interface CompileOptions {
  /** Name used in diagnostics; defaults to '<spec>'. */
  sourceName?: string;
  /** The Pipy version to compile for: 'pipy-1.5' (default) or 'pipy-0.90' (osm-edge's sidecar). */
  target?: Target;
}

export interface CompileResult {
  /** Generated files, manifest.json last; paths are relative to the codebase root. */
  files: GeneratedFile[];
  manifest: Manifest;
  warnings: Diagnostic[];
}

export type PipelineResult = ({ kind: 'compiled' } & CompileResult) | { kind: 'failed'; diagnostics: Diagnostic[] };

/**
 * validate -> normalize, then the standalone sidecar's output family: lower -> generate -> check. Nothing here touches
 * the disk.
 */
export function compileParsed(parsed: ParsedSpec, target: Target = DEFAULT_TARGET): PipelineResult {
  const validation = validateSpec(parsed, PROTOCOL_CHECKS);
  if (validation.kind === 'invalid') return { kind: 'failed', diagnostics: validation.diagnostics };
  const model = normalize(validation.spec, validation.parsed);
  const built = buildSidecar(model, target);
  if (built.kind === 'failed') return { kind: 'failed', diagnostics: [...validation.diagnostics, ...built.diagnostics] };
  return { kind: 'compiled', files: built.files, manifest: built.manifest, warnings: validation.diagnostics };
}

export function compileSource(source: SpecSource, options: Pick<CompileOptions, 'target'> = {}): PipelineResult {
  const parsed = parseSpec(source);
  return parsed.kind === 'failed' ? parsed : compileParsed(parsed, options.target);
}

/**
 * Library entry point for a spec a program builds: typed, so a misspelt field or a wrong value is a type error
 * (and the editor completes the fields). Still checked at run time: throws PipycError (with every problem) on a bad
 * spec. For input of unknown shape (parsed JSON, user data), use {@link compileValue}.
 */
export function compile(spec: SidecarSpec, options: CompileOptions = {}): CompileResult {
  return compileValue(spec, options);
}

/** {@link compile} for a value of unknown shape: everything is checked at run time. */
export function compileValue(value: unknown, options: CompileOptions = {}): CompileResult {
  const parsed = parseValue(value, options.sourceName);
  if (parsed.kind === 'failed') throw new PipycError(parsed.diagnostics);
  const result = compileParsed(parsed, options.target);
  if (result.kind === 'failed') throw new PipycError(result.diagnostics);
  const { kind: _kind, ...compiled } = result;
  return compiled;
}

export interface ValidateResult {
  kind: 'valid' | 'invalid';
  diagnostics: Diagnostic[];
}

/** Checks a spec of any shape without generating code. Never throws for a bad spec. */
export function validate(spec: unknown, options: CompileOptions = {}): ValidateResult {
  return validateParsed(parseValue(spec, options.sourceName));
}

export function validateSource(source: SpecSource): ValidateResult {
  return validateParsed(parseSpec(source));
}

function validateParsed(parsed: ParseResult): ValidateResult {
  if (parsed.kind === 'failed') return { kind: 'invalid', diagnostics: parsed.diagnostics };
  const result = validateSpec(parsed, PROTOCOL_CHECKS);
  return { kind: result.kind, diagnostics: result.diagnostics };
}
