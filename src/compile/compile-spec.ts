import { PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { failed, type Failed } from '../diagnostics/failed.js';
import type { CodebaseOutput, OutputFamily } from '../outputs/family.js';
import { parseSpec, parseValue, type ParsedSpec, type ParseResult } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';
import type { Target } from '../sidecar-spec/targets.js';
import type { SidecarSpec } from '../sidecar-spec/types.js';
import { internalError } from '../util/internal-error.js';
import { validateSpec } from '../validate/validate.js';
import { familyParts, frontEnd, PIPELINE, type Pipeline } from './front-end.js';

export interface CompileOptions {
  /** Name used in diagnostics; defaults to '<spec>'. */
  sourceName?: string;
  /** The Pipy version to compile for: 'pipy-1.5' (default) or 'pipy-0.90' (osm-edge's sidecar). */
  target?: Target;
}

export interface CompileResult {
  /** Generated files, manifest.json last; paths are relative to the codebase root. */
  files: CodebaseOutput['files'];
  manifest: CodebaseOutput['manifest'];
  warnings: Diagnostic[];
}

export type PipelineResult = ({ kind: 'compiled' } & CompileResult) | Failed;

/** The family a spec compiles to: the first registered one that takes specs (the standalone sidecar). */
function specFamily(pipeline: Pipeline = PIPELINE): OutputFamily & Required<Pick<OutputFamily, 'buildSpec'>> {
  const family = pipeline.families.find((f) => f.buildSpec !== undefined);
  if (!family?.buildSpec) throw internalError('no output family takes a spec');
  return family as OutputFamily & Required<Pick<OutputFamily, 'buildSpec'>>;
}

/** The front end, then the spec family's back end (lower -> generate -> check). Nothing here touches the disk. */
function compileParsed(parsed: ParseResult, target?: Target, pipeline: Pipeline = PIPELINE): PipelineResult {
  const model = frontEnd(parsed, pipeline.protocols);
  if (model.kind === 'failed') return model;
  const family = specFamily(pipeline);
  const built = family.buildSpec(model.model, target ?? family.defaultTarget.spec, familyParts(pipeline.protocols));
  if (built.kind === 'failed') return failed([...model.warnings, ...built.diagnostics]);
  return { kind: 'compiled', files: built.files, manifest: built.manifest, warnings: model.warnings };
}

export function compileSource(source: SpecSource, options: Pick<CompileOptions, 'target'> = {}): PipelineResult {
  return compileParsed(parseSpec(source), options.target);
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
  const result = compileParsed(parseValue(value, options.sourceName), options.target);
  if (result.kind === 'failed') throw new PipycError(result.diagnostics);
  const { kind: _kind, ...compiled } = result;
  return compiled;
}

export interface ValidateResult {
  kind: 'valid' | 'invalid';
  diagnostics: Diagnostic[];
}

/** Checks a spec of any shape without generating code. Never throws for a bad spec. */
export function validate(spec: unknown, options: Pick<CompileOptions, 'sourceName'> = {}): ValidateResult {
  return validateParsed(parseValue(spec, options.sourceName));
}

export function validateSource(source: SpecSource): ValidateResult {
  return validateParsed(parseSpec(source));
}

function validateParsed(parsed: ParseResult | ParsedSpec): ValidateResult {
  if (parsed.kind === 'failed') return { kind: 'invalid', diagnostics: parsed.diagnostics };
  const result = validateSpec(parsed, PIPELINE.protocols.checks);
  return { kind: result.kind, diagnostics: result.diagnostics };
}
