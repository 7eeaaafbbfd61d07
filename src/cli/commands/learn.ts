import { Option } from 'commander';
import { PipycError } from '../../diagnostics/diagnostic.js';
import { readObjectFiles } from '../../io/read-object-files.js';
import { forEachLogLine } from '../../io/read-log-lines.js';
import { learnedEgresses, learnedYaml, notYetAllowed, WouldDenyReader, type Dropped } from '../../learn/learn.js';
import { loadObjects } from '../../mesh/load-objects.js';
import { MeshIndex } from '../../mesh/resolve-identity.js';
import type { SpecSource } from '../../parse/source.js';
import { writeGeneratedFile } from '../../write/write-file.js';
import { collect, EXIT, guarded, printJson, usage, type Io } from '../io.js';
import type { CommandContext } from './context.js';

interface LearnOptions {
  filename: string[];
  out: string;
  meshCidr: string[];
  identity?: string;
  force?: boolean;
  json?: boolean;
}

/** How many unreadable lines and dropped values are listed (all are counted). */
const LISTED = 10;

export function learnCommand({ program, io, exit }: CommandContext): void {
  program
    .command('learn')
    .description(
      'Egress objects that allow what audit mode observed: reads would-deny lines from sidecar logs (as kubectl logs prints them) and prints them as YAML',
    )
    .argument('[logs...]', "log files, directories, or '-' for stdin (the default)")
    .option(
      '-f, --filename <path>',
      'existing objects: learn only what they do not allow yet (repeatable)',
      collect,
      [],
    )
    .option('-o, --out <file>', "where to write the YAML ('-': stdout)", '-')
    .option('--mesh-cidr <cidr>', 'in-mesh destinations: never learned as egress (repeatable)', collect, [])
    .option('--identity <ns/sa>', 'the identity of lines that name none (a standalone sidecar without POD_NAMESPACE)')
    .option('--force', 'replace an --out file that pipyc did not write')
    .addOption(new Option('--json', 'print the result (objects, counts, what was dropped) as JSON'))
    .action(async (logs: string[], opts: LearnOptions) => {
      if (opts.json && opts.out !== '-') return exit(usage(io, '--json prints to stdout: leave out -o'));
      const sources: SpecSource[] = [];
      exit(
        await guarded(io, opts.json, sources, async () => {
          const reader = new WouldDenyReader({
            meshCIDRs: opts.meshCidr,
            ...(opts.identity !== undefined && { identity: opts.identity }),
          });
          await forEachLogLine(logs.length > 0 ? logs : ['-'], io.stdin, (text, at) => reader.add(text, at));
          let observations = reader.observations();
          let index: MeshIndex | undefined;
          const observed = observations.length;
          if (opts.filename.length > 0) {
            sources.push(...(await readObjectFiles(opts.filename, io.stdin)));
            const loaded = loadObjects(sources);
            if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new PipycError(loaded.diagnostics);
            index = new MeshIndex(loaded);
            observations = notYetAllowed(observations, index);
          }
          // In the API of the objects' mesh: fsm's for fsm's objects, else osm-edge's.
          const objects = learnedEgresses(observations, index?.flavour);
          const counts = {
            lines: reader.lines,
            wouldDeny: reader.wouldDeny,
            heldBack: reader.heldBack,
            unreadable: reader.unreadable.length,
            dropped: reader.dropped.length,
            observed,
            alreadyAllowed: observed - observations.length,
            egresses: objects.length,
          };
          if (opts.json) {
            printJson(io, { ok: true, counts, objects, unreadable: reader.unreadable, dropped: reader.dropped });
            return EXIT.ok;
          }
          const summary = summaryLine(counts);
          const yaml = learnedYaml(objects, [summary]);
          if (opts.out === '-') io.out(yaml);
          else
            writeGeneratedFile(opts.out, yaml, {
              force: opts.force ?? false,
              keep: opts.filename,
              ownHeader: '# Learned by pipyc',
            });
          report(io, 'unreadable line', reader.unreadable);
          report(io, 'dropped', reader.dropped);
          io.err(`pipyc: ${summary}${opts.out === '-' ? '' : ` -> ${opts.out}`}\n`);
          return EXIT.ok;
        }),
      );
    });
}

function summaryLine(c: Record<string, number>): string {
  return `${c.lines} lines read: ${c.wouldDeny} would-deny (${c.heldBack} held-back counts), ${c.unreadable} unreadable, ${c.dropped} dropped; ${c.observed} distinct, ${c.alreadyAllowed} already allowed; ${c.egresses} Egress object${c.egresses === 1 ? '' : 's'}`;
}

function report(io: Io, what: string, list: readonly Dropped[]): void {
  for (const d of list.slice(0, LISTED)) io.err(`${d.at}: ${what}: ${d.why}\n`);
  if (list.length > LISTED) io.err(`pipyc: ... and ${list.length - LISTED} more ${what}s\n`);
}
