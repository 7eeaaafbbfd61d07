import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locatePipy } from '../src/verify/pipy-binary.js';

export interface PipyRepoServer {
  url: string;
  port: number;
  rssKiB(): number;
  stop(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real Pipy running as a repo server with its store in memory (`pipy --admin-port=127.0.0.1:<port>`, no codebase),
 * on loopback. `spawnWith` lets a caller start it elsewhere (inside a network namespace).
 */
export async function startPipyRepo(
  options: { port?: number; spawnWith?: (argv: string[]) => ChildProcess; ready?: () => boolean } = {},
): Promise<PipyRepoServer> {
  const port = options.port ?? (await freePort());
  const cwd = mkdtempSync(join(tmpdir(), 'pipyc-repo-'));
  const argv = [locatePipy()!, '--no-graph', `--admin-port=127.0.0.1:${port}`];
  const child = options.spawnWith
    ? options.spawnWith(argv)
    : spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pipy repo exited: ${log}`);
    const up = options.ready ? options.ready() : await reachable(url);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pipy repo did not listen on ${port}: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port,
    rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/api/v1/repo`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}
