import { spawnSync } from 'node:child_process';

/** The bundled CLI (dist/cli.js, built by `npm test`), as a subprocess: its exit code, stdout and stderr. */
export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname;

export function pipyc(args: string[], input?: string, cwd?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** No stack trace leaked into what the user reads. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+:\d+:\d+\)?/.test(text);
}
