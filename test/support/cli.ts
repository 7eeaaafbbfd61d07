import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * The CLI in this process, through `main(argv, io)`: what a user's command prints and exits with, without starting Node
 * (a subprocess costs about a second). `input` is what '-' reads.
 */
export async function pipyc(args: string[], input?: string | Buffer): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = (async function* () {
    if (input !== undefined) yield typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  })();
  const code = await main(args, { out: (s) => void out.push(s), err: (s) => void err.push(s), stdin, color: false });
  return { code, out: out.join(''), err: err.join('') };
}

/** The bundled CLI (dist/cli.js, built by `npm test`), as a user runs it: for the one smoke test per command. */
export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export function bundledPipyc(args: string[], input?: string, cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** No stack trace leaked into what the user reads. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+\)?/.test(text);
}
