import { Option } from 'commander';
import { hasErrors, PipycError } from '../../diagnostics/diagnostic.js';
import { resolveIdentity } from '../../mesh/resolve-identity.js';
import { annotatedYaml } from '../../mesh/resolution-yaml.js';
import type { SpecSource } from '../../parse/source.js';
import { EXIT, guarded, printDiagnostics, printJson, usage } from '../io.js';
import { meshOptions, meshOptionsConflict, readMesh, resolveOptionsOf, type MeshOptions } from '../mesh-input.js';
import type { CommandContext } from './context.js';

export function resolveCommand({ program, io, exit }: CommandContext): void {
  const command = program
    .command('resolve')
    .description(
      "print the sidecar spec a ServiceAccount gets from mesh objects (osm-edge's meaning of each), as YAML; with --format osm-edge-plugin, the spec the plugin decides its egress by",
    )
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of YAML'));
  meshOptions(command, false).action(async (opts: MeshOptions & { json?: boolean }) => {
    const conflict = meshOptionsConflict(opts, undefined, false);
    if (conflict) return exit(usage(io, conflict));
    const sources: SpecSource[] = [];
    exit(
      await guarded(io, opts.json, sources, async () => {
        const loaded = await readMesh(io, opts, sources, opts.json);
        const resolution = resolveIdentity(loaded.objects, opts.identity!, resolveOptionsOf(opts));
        if (hasErrors(resolution.diagnostics) || !resolution.spec) throw new PipycError(resolution.diagnostics);
        if (opts.json) {
          const { spec, sources: objects, policies, diagnostics, egressMode } = resolution;
          printJson(io, {
            ok: true,
            identity: opts.identity,
            egressMode: { mode: egressMode.mode, from: egressMode.from },
            spec,
            sources: objects,
            policies,
            diagnostics: [...loaded.diagnostics, ...diagnostics],
          });
        } else {
          printDiagnostics(io, sources, resolution.diagnostics);
          io.out(annotatedYaml(resolution));
        }
        return EXIT.ok;
      }),
    );
  });
}
