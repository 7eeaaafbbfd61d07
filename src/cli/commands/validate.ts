import { Option } from 'commander';
import { validateSource } from '../../compile.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { EXIT, guarded, printDiagnostics, printJson, report } from '../io.js';
import type { CommandContext } from './context.js';

export function validateCommand({ program, io, exit }: CommandContext): void {
  program
    .command('validate')
    .description('check a spec; print every problem with its location')
    .argument('<spec>', "spec file, or '-' for stdin")
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'))
    .action(async (spec: string, opts: { json?: boolean }) => {
      const sources: SpecSource[] = [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
      exit(await guarded(io, opts.json, sources, async () => {
        const source = (sources[0] = await readInput(spec));
        const result = validateSource(source);
        if (!result.valid) return report(io, sources, result.diagnostics, opts.json);
        if (opts.json) printJson(io, { ok: true, diagnostics: result.diagnostics });
        else {
          printDiagnostics(io, sources, result.diagnostics);
          io.out(`${source.name}: valid\n`);
        }
        return EXIT.ok;
      }));
    });
}
