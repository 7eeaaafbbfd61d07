import { uniqueDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { failed, type Failed } from '../../diagnostics/failed.js';
import { manifestFile, MANIFEST_FILE, treeManifestFile, type Manifest } from '../../manifest/manifest.js';
import type { Resolution } from '../../mesh/resolve-identity.js';
import { PIPYC_VERSION } from '../../version.js';
import type { AssemblyInput, CodebaseOutput, FamilyParts, TreeOutput } from '../family.js';
import { buildCodebase } from './build.js';

/**
 * One codebase for the identity asked for, or a tree of them, one per identity under <namespace>/<name>/ with a top
 * manifest.json that lists them. Each manifest records the identity and the objects its spec came from. Identical
 * specs are built once: equal specs come from the same objects (policy names are the Egress objects' names).
 */
export function assembleSidecars(input: AssemblyInput, parts: FamilyParts): CodebaseOutput | TreeOutput | Failed {
  const built = new Map<string, ReturnType<typeof buildCodebase>>();
  const codebases: { identity: string; codebase: CodebaseOutput }[] = [];
  const problems: Diagnostic[] = [];
  for (const { identity, resolution, model, warnings } of input.identities) {
    const key = JSON.stringify(model.spec);
    let codebase = built.get(key);
    if (!codebase) built.set(key, (codebase = buildCodebase(model, input.target, parts)));
    if (codebase.kind === 'failed') problems.push(...codebase.diagnostics);
    else codebases.push({ identity, codebase: { ...withSource(codebase, resolution), warnings } });
  }
  if (problems.length > 0) return failed(uniqueDiagnostics(problems));
  if (input.request.identity !== undefined) return codebases[0]!.codebase;
  const tree: TreeOutput = { kind: 'tree', identities: [], files: [], warnings: [] };
  for (const { identity, codebase } of codebases) {
    tree.identities.push({
      identity,
      dir: identity,
      specSha256: codebase.manifest.specSha256,
      manifest: codebase.manifest,
    });
    for (const f of codebase.files) tree.files.push({ ...f, path: `${identity}/${f.path}` });
    tree.warnings.push(...codebase.warnings);
  }
  tree.files.push(
    treeManifestFile(
      PIPYC_VERSION,
      tree.identities.map(({ identity, dir, specSha256 }) => ({ identity, dir, specSha256 })),
    ),
  );
  tree.warnings = uniqueDiagnostics(tree.warnings);
  return tree;
}

/** A codebase's manifest with the identity and the objects its spec was resolved from. */
function withSource(
  codebase: Omit<CodebaseOutput, 'warnings'>,
  resolution: Resolution,
): Omit<CodebaseOutput, 'warnings'> {
  const manifest: Manifest = {
    ...codebase.manifest,
    source: { identity: `${resolution.identity.namespace}/${resolution.identity.name}`, objects: resolution.sources },
  };
  return {
    ...codebase,
    files: codebase.files.map((f) => (f.path === MANIFEST_FILE ? manifestFile(manifest) : f)),
    manifest,
  };
}
