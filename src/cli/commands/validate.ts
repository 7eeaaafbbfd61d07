import { Option } from 'commander';
import { statSync } from 'node:fs';
import { validateSource, type ValidateResult } from '../../compile/compile-spec.js';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { objectFilesUnder } from '../../io/read-object-files.js';
import { readInput, type Stdin } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { EXIT, printDiagnostics, printJson } from '../io.js';
import type { CommandContext } from './context.js';

export function validateCommand({ program, io, exit }: CommandContext): void {
  program
    .command('validate')
    .description('check specs; print every problem with its location (one report per file; exit 1 if any fails)')
    .argument('<specs...>', "spec files, directories (their *.yaml, *.yml, *.json), or '-' for stdin")
    .addOption(new Option('--json', 'print the results as JSON on stdout instead of text'))
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const files = paths.flatMap((p) =>
        p !== '-' && statSync(p, { throwIfNoEntry: false })?.isDirectory() ? objectFilesUnder(p) : [p],
      );
      const reports = [];
      for (const path of files) reports.push(await validateOne(path, io.stdin));
      const failed = reports.filter((r) => r.result.kind === 'invalid').length;
      if (opts.json)
        printJson(
          io,
          files.length === 1 && paths.length === 1
            ? { ok: failed === 0, diagnostics: reports[0]!.result.diagnostics }
            : {
                ok: failed === 0,
                files: reports.map((r) => ({ file: r.source.name, diagnostics: r.result.diagnostics })),
              },
        );
      else {
        for (const r of reports) {
          printDiagnostics(io, [r.source], r.result.diagnostics);
          if (r.result.kind === 'valid') io.out(`${r.source.name}: valid\n`);
          else {
            const errors = r.result.diagnostics.filter((d) => d.severity === 'error').length;
            io.err(`pipyc: ${r.source.name}: ${errors} error${errors === 1 ? '' : 's'}\n`);
          }
        }
        if (files.length === 0) io.err('pipyc: no *.yaml, *.yml or *.json files there\n');
        if (files.length > 1) io.err(`pipyc: ${files.length - failed} of ${files.length} files valid\n`);
      }
      exit(failed > 0 || files.length === 0 ? EXIT.invalid : EXIT.ok);
    });
}

async function validateOne(path: string, stdin: Stdin): Promise<{ source: SpecSource; result: ValidateResult }> {
  let source: SpecSource = { name: path === '-' ? '<stdin>' : path, text: '' };
  try {
    source = await readInput(path, undefined, stdin);
    const result = validateSource(source);
    return { source, result };
  } catch (e) {
    if (!(e instanceof PipycError)) throw e;
    return { source, result: { kind: 'invalid', diagnostics: [...e.diagnostics] } };
  }
}
