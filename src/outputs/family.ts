import { checkGenerated, type CheckedShapes, type Dialect } from '../check/check.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { GeneratedFile } from '../generate/generate.js';
import { loadPrecompiledTemplates } from '../generate/precompiled-templates.js';
import { loadTemplateSources } from '../generate/template-sources.js';
import { compileTemplates, templatesFromPrecompiled, type FamilyTemplates, type Templates } from '../generate/templates.js';
import { PART_GENERATIONS } from '../protocols/registry.js';

/**
 * An output format: a template family (pipy-templates/<name>/: entry templates and partials, plus every part's slot
 * partials), the files it writes with the dialect `check` holds each to, and the one Pipy loads first. Its driver
 * (src/outputs/<name>/) runs lower -> generate -> check and says what its manifest records. How to add one:
 * docs/architecture.md.
 */
export interface OutputFamily {
  name: string;
  /** Files rendered from the family's entry templates (pipy-templates/<name>/<file>.hbs), with their dialects. */
  files: Readonly<Record<string, Dialect>>;
  /** Files its driver derives from the rendered ones (no template of their own), with their dialects. */
  derived?: Readonly<Record<string, Dialect>>;
  entry: string;
}

/** Checks each file in the dialect its family declares; a file the family does not declare is a pipyc bug. */
export function checkFamilyFiles(family: OutputFamily, files: readonly GeneratedFile[], memory: CheckedShapes): Diagnostic[] {
  const dialects: Readonly<Record<string, Dialect>> = { ...family.files, ...family.derived };
  const undeclared = files.filter((f) => !Object.hasOwn(dialects, f.path));
  if (undeclared.length > 0) return undeclared.map((f) => error('PIPYC5002', `internal: the ${family.name} family wrote ${f.path}, which it does not declare`));
  return checkGenerated(files.map((file) => ({ file, dialect: dialects[file.path]! })), memory);
}

/**
 * A family's templates: the bundles carry them precompiled at build time; running from source compiles
 * pipy-templates/. Made once per process on first use: the templates and the parts are constants of the build.
 */
export function familyTemplates(family: OutputFamily): FamilyTemplates {
  compiled ??= ((precompiled) => (precompiled ? templatesFromPrecompiled(precompiled, PART_GENERATIONS) : compileTemplates(loadTemplateSources(), PART_GENERATIONS)))(loadPrecompiledTemplates());
  const templates = compiled[family.name];
  if (!templates) throw new Error(`internal: no templates for the ${family.name} family`);
  return templates;
}

let compiled: Templates | undefined;
