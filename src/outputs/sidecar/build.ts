import { CheckedShapes } from '../../check/check.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { generate, type GeneratedFile } from '../../generate/generate.js';
import { lower } from '../../lower/lower.js';
import { buildManifest, fileRecord, manifestFile, type Manifest } from '../../manifest/manifest.js';
import type { SidecarModel } from '../../normalize/model.js';
import { PART_LOWERINGS } from '../../protocols/registry.js';
import type { Target } from '../../sidecar-spec/targets.js';
import { PIPYC_VERSION } from '../../version.js';
import { checkFamilyFiles, familyTemplates } from '../family.js';
import { SIDECAR } from './family.js';
import { generationFile } from './generation.js';

export type SidecarBuild = { kind: 'built'; files: GeneratedFile[]; manifest: Manifest } | { kind: 'failed'; diagnostics: Diagnostic[] };

/**
 * Scripts already checked, by shape, for this process: compiling a mesh checks thousands of scripts of a few shapes.
 * What it holds depends only on the scripts' text, so sharing it between compiles changes no answer.
 */
const checkedShapes = new CheckedShapes();

/** lower -> generate -> check; generation.txt names what was generated; the manifest (last) records how to run it. Pure. */
export function buildSidecar(model: SidecarModel, target: Target): SidecarBuild {
  const ir = lower(model, PART_LOWERINGS, target);
  const rendered = generate(ir, familyTemplates(SIDECAR), SIDECAR.entry);
  const records = rendered.map(fileRecord);
  const generation = generationFile(records, SIDECAR.entry);
  const code = [...rendered, generation];
  const problems = checkFamilyFiles(SIDECAR, code, checkedShapes);
  if (problems.length > 0) return { kind: 'failed', diagnostics: problems };
  const manifest = buildManifest(PIPYC_VERSION, model.spec, { entry: SIDECAR.entry, target, listenPort: ir.listener.port, pipyLogLevel: ir.logging.pipyLogLevel }, [...records, fileRecord(generation)]);
  return { kind: 'built', files: [...code, manifestFile(manifest)], manifest };
}
