import { CheckedShapes } from '../../check/check.js';
import { failed, type Failed } from '../../diagnostics/failed.js';
import { lower } from '../../lower/lower.js';
import { buildManifest, fileRecord, manifestFile } from '../../manifest/manifest.js';
import type { SidecarModel } from '../../normalize/model.js';
import type { Target } from '../../sidecar-spec/targets.js';
import { PIPYC_VERSION } from '../../version.js';
import type { CodebaseOutput, FamilyParts } from '../family.js';
import { checkFamilyFiles, renderFamily } from '../family-files.js';
import { SIDECAR_FILES } from './files.js';
import { generationFile } from './generation.js';
import { sidecarIR } from './ir.js';

/**
 * Scripts already checked, by shape, for this process: compiling a mesh checks thousands of scripts of a few shapes.
 * What it holds depends only on the scripts' text, so sharing it between compiles changes no answer.
 */
const checkedShapes = new CheckedShapes();

/** lower -> generate -> check; generation.txt names what was generated; the manifest (last) records how to run it. Pure. */
export function buildCodebase(
  model: SidecarModel,
  target: Target,
  parts: FamilyParts,
): Omit<CodebaseOutput, 'warnings'> | Failed {
  const lowered = lower(model, parts.lowerings, target);
  const rendered = renderFamily(SIDECAR_FILES, sidecarIR(lowered, parts.generations), parts.generations);
  const records = rendered.map(fileRecord);
  const generation = generationFile(records, SIDECAR_FILES.templates.entry);
  const code = [...rendered, generation];
  const problems = checkFamilyFiles(SIDECAR_FILES, code, checkedShapes);
  if (problems.length > 0) return failed(problems);
  const run = {
    entry: SIDECAR_FILES.templates.entry,
    target,
    listenPort: lowered.listener.port,
    pipyLogLevel: lowered.logging.pipyLogLevel,
  };
  const manifest = buildManifest(PIPYC_VERSION, model.spec, run, [...records, fileRecord(generation)]);
  return { kind: 'codebase', files: [...code, manifestFile(manifest)], manifest };
}
