import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { compileSource, validateSource } from '../compile.js';
import { PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';
import type { SpecSource } from '../parse/source.js';
import { SIDECAR_SPEC_SCHEMA } from '../validate/schema-validator.js';
import { PIPYC_VERSION } from '../version.js';
import { writeCodebase } from '../write/write-codebase.js';
import { splitDestination } from '../explain/decide.js';
import { explainer } from '../explain/explain.js';
import { probeProtocol } from '../explain/check-probe.js';
import { DECISION_REASONS, type Probe } from '../explain/probe.js';
import { readInput } from './read-input.js';
import { verifyCommand } from './verify-command.js';
import { compileSummary } from './summary.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

/** Runs the CLI and resolves to its exit code; never throws and never prints a stack trace. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('pipyc')
    .description('Compile a service-mesh sidecar spec (JSON or YAML) into a PipyJS codebase for Pipy 1.5.')
    .version(PIPYC_VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run pipyc --help for usage)');
  const jsonOption = () => new Option('--json', 'print the result as JSON on stdout instead of text');

  program
    .command('compile')
    .description('compile a spec into a codebase directory (written atomically)')
    .argument('<spec>', "spec file, or '-' for stdin")
    .requiredOption('-o, --out <dir>', 'output directory')
    .option('--force', 'replace a non-empty directory that is not a pipyc codebase')
    .addOption(jsonOption())
    .action(async (spec: string, opts: { out: string; force?: boolean; json?: boolean }) => {
      exitCode = await withInput(spec, io, opts.json, (source) => {
        const result = compileSource(source);
        if (result.kind === 'failed') return report(io, source, result.diagnostics, opts.json, true);
        writeCodebase(opts.out, result.files, { force: opts.force ?? false, keep: spec === '-' ? [] : [spec] });
        if (opts.json) io.out(JSON.stringify({ ok: true, manifest: result.manifest, diagnostics: result.warnings }, null, 2) + '\n');
        else {
          printDiagnostics(io, source, result.warnings);
          io.out(compileSummary(source.name, opts.out, result.manifest) + '\n');
        }
        return EXIT.ok;
      }, true);
    });

  program
    .command('validate')
    .description('check a spec; print every problem with its location')
    .argument('<spec>', "spec file, or '-' for stdin")
    .addOption(jsonOption())
    .action(async (spec: string, opts: { json?: boolean }) => {
      exitCode = await withInput(spec, io, opts.json, (source) => {
        const result = validateSource(source);
        if (!result.valid) return report(io, source, result.diagnostics, opts.json);
        if (opts.json) io.out(JSON.stringify({ ok: true, diagnostics: result.diagnostics }, null, 2) + '\n');
        else {
          printDiagnostics(io, source, result.diagnostics);
          io.out(`${source.name}: valid\n`);
        }
        return EXIT.ok;
      });
    });

  program
    .command('explain')
    .description('show the verdict, credited policy and reason the compiled sidecar reaches for one connection')
    .argument('<spec>', "spec file, or '-' for stdin")
    .requiredOption('--dst <ip:port>', 'original destination, e.g. 203.0.113.10:443 or [2001:db8::1]:80')
    .addOption(new Option('--protocol <p>', 'what the client speaks').choices(['http', 'tls', 'tcp']))
    .option('--host <host>', 'HTTP Host header (implies --protocol http)')
    .option('--sni <name>', 'TLS server name (implies --protocol tls)')
    .option('--method <method>', 'HTTP method', 'GET')
    .option('--path <path>', 'HTTP path with optional query', '/')
    .option('--header <name=value>', 'HTTP request header (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .addOption(jsonOption())
    .action(async (spec: string, opts: ExplainOptions) => {
      if (!splitDestination(opts.dst)) {
        io.err(`pipyc: --dst must be ip:port or [ipv6]:port, not ${JSON.stringify(opts.dst)}\n`);
        exitCode = EXIT.usage;
        return;
      }
      exitCode = await withInput(spec, io, opts.json, (source) => {
        const probe = probeOf(opts);
        const answer = explainer(source)(probe);
        if (opts.json) io.out(JSON.stringify({ ok: true, probe, ...answer }, null, 2) + '\n');
        else {
          io.out(`${answer.verdict} (${answer.outcome}) ${probe.dst} proto=${answer.protocol}${answer.policy ? ` policy=${answer.policy}` : ''}\n`);
          io.out(`reason: ${answer.reason}: ${DECISION_REASONS[answer.reason]}\n`);
        }
        return EXIT.ok;
      });
    });

  program
    .command('verify')
    .description('load a codebase (or a spec, compiled on the fly) into the real Pipy binary and wait for its listener')
    .argument('<codebase-or-spec>', "codebase directory written by 'pipyc compile', or a spec file")
    .option('--pipy <path>', 'Pipy binary (default: $PIPY_BIN, then pipy on PATH)')
    .option('--timeout <ms>', 'how long to wait for the listener', positiveMilliseconds, 10_000)
    .addOption(jsonOption())
    .action(async (target: string, opts: { pipy?: string; timeout: number; json?: boolean }) => {
      exitCode = await verifyCommand(target, opts, {
        out: io.out,
        report: (source, diagnostics) => report(io, source, diagnostics, opts.json),
        compile: (path) => withInput(path, io, opts.json, (source) => {
          const result = compileSource(source);
          return result.kind === 'failed' ? report(io, source, result.diagnostics, opts.json) : result;
        }),
      });
    });

  program
    .command('schema')
    .description('print the JSON Schema of the sidecar spec')
    .action(() => io.out(JSON.stringify(SIDECAR_SPEC_SCHEMA, null, 2) + '\n'));

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    io.err(`pipyc: internal error (please report): ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.invalid;
  }
}

/** `writes`: the command would have written output, so a failure says that nothing was. */
async function withInput<T>(path: string, io: Io, json: boolean | undefined, run: (source: SpecSource) => T, writes = false): Promise<T | number> {
  let source: SpecSource = { name: path === '-' ? '<stdin>' : path, text: '' };
  try {
    source = await readInput(path);
    return run(source);
  } catch (e) {
    if (e instanceof PipycError) return report(io, source, [...e.diagnostics], json, writes);
    throw e;
  }
}

function report(io: Io, source: SpecSource, diagnostics: Diagnostic[], json: boolean | undefined, writes = false): number {
  if (json) io.out(JSON.stringify({ ok: false, diagnostics }, null, 2) + '\n');
  else {
    printDiagnostics(io, source, diagnostics);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`pipyc: ${errors} error${errors === 1 ? '' : 's'}${writes ? '; nothing written' : ''}\n`);
  }
  return EXIT.invalid;
}

function printDiagnostics(io: Io, source: SpecSource, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const sameFile = d.position?.file === source.name;
    io.err(formatDiagnostic(d, { color: io.color, sourceName: source.name, ...(sameFile && { sourceText: source.text }) }) + '\n');
  }
}

interface ExplainOptions {
  dst: string;
  protocol?: 'http' | 'tls' | 'tcp';
  host?: string;
  sni?: string;
  method: string;
  path: string;
  header: string[];
  json?: boolean;
}

function probeOf(opts: ExplainOptions): Probe {
  const protocol = probeProtocol(opts);
  const headers = Object.fromEntries(
    opts.header.map((h) => {
      const eq = h.indexOf('=');
      return eq < 0 ? [h, ''] : [h.slice(0, eq), h.slice(eq + 1)];
    }),
  );
  return {
    dst: opts.dst,
    protocol,
    ...(opts.host !== undefined && { host: opts.host }),
    ...(opts.sni !== undefined && { sni: opts.sni }),
    ...(protocol === 'http' && { method: opts.method, path: opts.path, headers }),
  };
}

function defaultIo(): Io {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
  };
}

/** A whole number of milliseconds above zero, else a usage error (exit 2) that says what was given. */
function positiveMilliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`expects a whole number of milliseconds above 0, not "${value}"`);
  return n;
}
