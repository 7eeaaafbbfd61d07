import { checkGenerated, type CheckedShapes, type Dialect } from '../check/check.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { generate, type GeneratedFile } from '../generate/generate.js';
import type { PartGeneration } from '../generate/part-generation.js';
import { loadPrecompiledTemplates } from '../generate/precompiled-templates.js';
import { loadTemplateSources } from '../generate/template-sources.js';
import { compileTemplates, templatesFromPrecompiled, type Templates } from '../generate/templates.js';
import { internalError } from '../util/internal-error.js';
import type { FamilyFiles } from './family.js';

/** A family as its build sees it: its name (the folder of its templates) and its files. */
export interface FamilyTemplates {
  name: string;
  templates: FamilyFiles;
}

/** A family's entry templates filled with its IR: entry first, then by path (src/generate/generate.ts). */
export function renderFamily(
  family: FamilyTemplates,
  ir: object,
  generations: readonly PartGeneration[],
): GeneratedFile[] {
  const templates = templatesFor(generations)[family.name];
  if (!templates) throw internalError(`no templates for the ${family.name} family`);
  return generate(ir, templates, family.templates.entry);
}

/** Checks each file in the dialect its family declares; a file the family does not declare is a pipyc bug. */
export function checkFamilyFiles(
  family: FamilyTemplates,
  files: readonly GeneratedFile[],
  memory: CheckedShapes,
): Diagnostic[] {
  const dialects: Readonly<Record<string, Dialect>> = { ...family.templates.files, ...family.templates.derived };
  const undeclared = files.find((f) => !Object.hasOwn(dialects, f.path));
  if (undeclared) throw internalError(`the ${family.name} family wrote ${undeclared.path}, which it does not declare`);
  return checkGenerated(
    files.map((file) => ({ file, dialect: dialects[file.path]! })),
    memory,
  );
}

/**
 * Every family's templates for a registry's parts: the bundles carry them precompiled at build time; running from
 * source compiles pipy-templates/. Made once per set of parts: the templates and the parts are constants of a build.
 */
function templatesFor(generations: readonly PartGeneration[]): Templates {
  let templates = made.get(generations);
  if (!templates) {
    const precompiled = loadPrecompiledTemplates();
    templates = precompiled
      ? templatesFromPrecompiled(precompiled, generations)
      : compileTemplates(loadTemplateSources(), generations);
    made.set(generations, templates);
  }
  return templates;
}

const made = new WeakMap<readonly PartGeneration[], Templates>();
