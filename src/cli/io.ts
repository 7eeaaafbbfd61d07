import { InvalidArgumentError } from 'commander';
import { PipycError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../diagnostics/format.js';
import type { Stdin } from '../io/read-input.js';
import type { SpecSource } from '../parse/source.js';

/** Exit codes, in one place: 0 success, 1 a problem with the input, output or Pipy, 2 a usage error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** What a command reads and writes besides files: the process's streams, or a caller's (tests run the CLI in-process). */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** What '-' reads. */
  stdin: Stdin;
  color: boolean;
}

export function defaultIo(): Io {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    stdin: process.stdin,
    color: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR,
  };
}

/** A usage error found after commander parsed the options (a conflict between them): exit 2. */
export function usage(io: Io, message: string): number {
  io.err(`pipyc: ${message} (run pipyc --help for usage)\n`);
  return EXIT.usage;
}

/**
 * Runs a command body; a PipycError becomes a report (exit 1). `sources` are the texts read so far, so messages can
 * show the line they point at. `writes`: the command would have written output, so a failure says nothing was.
 */
export async function guarded(
  io: Io,
  json: boolean | undefined,
  sources: SpecSource[],
  body: () => Promise<number> | number,
  writes = false,
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof PipycError) return report(io, sources, [...e.diagnostics], json, writes);
    throw e;
  }
}

export function report(
  io: Io,
  sources: readonly SpecSource[],
  diagnostics: Diagnostic[],
  json: boolean | undefined,
  writes = false,
): number {
  if (json) io.out(JSON.stringify({ ok: false, diagnostics }, null, 2) + '\n');
  else {
    printDiagnostics(io, sources, diagnostics);
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    io.err(`pipyc: ${errors} error${errors === 1 ? '' : 's'}${writes ? '; nothing written' : ''}\n`);
  }
  return EXIT.invalid;
}

export function printDiagnostics(io: Io, sources: readonly SpecSource[], diagnostics: readonly Diagnostic[]): void {
  const texts = new Map(sources.map((s) => [s.name, s.text]));
  for (const d of diagnostics) {
    const file = d.position?.file;
    const text = file !== undefined ? texts.get(file) : undefined;
    io.err(
      formatDiagnostic(d, {
        color: io.color,
        sourceName: file ?? (sources.length === 1 ? sources[0]!.name : 'pipyc'),
        ...(text && { sourceText: text }),
      }) + '\n',
    );
  }
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

/** For repeatable options. */
export function collect(value: string, all: string[]): string[] {
  return [...all, value];
}

/** A whole number of milliseconds above zero, else a usage error (exit 2) that says what was given. */
export function positiveMilliseconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expects a whole number of milliseconds above 0, not "${value}"`);
  return n;
}
