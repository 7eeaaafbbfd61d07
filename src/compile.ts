import { checkGenerated } from './check/check.js';
import { PipycError, type Diagnostic } from './diagnostics/diagnostic.js';
import { generate, type GeneratedFile } from './generate/generate.js';
import { loadTemplates } from './generate/templates.js';
import { buildManifest, manifestFile, type Manifest } from './manifest/manifest.js';
import { lower } from './lower/lower.js';
import { normalize } from './normalize/normalize.js';
import { parseSpec, parseValue, type ParsedSpec, type ParseResult } from './parse/parse-spec.js';
import type { SpecSource } from './parse/source.js';
import { DEFAULT_TARGET, type Target } from './spec/targets.js';
import type { SidecarSpec } from './spec/types.js';
import { validateSpec } from './validate/validate.js';
import { PIPYC_VERSION } from './version.js';

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

/** parse -> validate -> normalize -> lower -> generate -> check. Pure: nothing here touches the disk. */
export function compileParsed(parsed: ParsedSpec, target: Target = DEFAULT_TARGET): PipelineResult {
  const validation = validateSpec(parsed);
  if (validation.kind === 'invalid') return { kind: 'failed', diagnostics: validation.diagnostics };
  const model = normalize(validation.spec, validation.parsed);
  const ir = lower(model, target);
  const code = generate(ir, loadTemplates());
  const problems = checkGenerated(code);
  if (problems.length > 0) return { kind: 'failed', diagnostics: [...validation.diagnostics, ...problems] };
  const manifest = buildManifest(PIPYC_VERSION, model.spec, ir, code);
  return { kind: 'compiled', files: [...code, manifestFile(manifest)], manifest, warnings: validation.diagnostics };
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
  const result = validateSpec(parsed);
  return { kind: result.kind, diagnostics: result.diagnostics };
}
