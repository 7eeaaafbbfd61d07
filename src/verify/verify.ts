import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import type { Failed } from '../diagnostics/failed.js';
import { readManifest } from '../io/read-manifest.js';
import { locatePipy } from './pipy-binary.js';
import { DEFAULT_TARGET, runsOn, targetFor } from '../sidecar-spec/targets.js';
import { pipyLoadError } from './pipy-errors.js';

export interface VerifyOptions {
  /** Path of the Pipy binary; default $PIPY_BIN, then `pipy` on PATH. */
  pipy?: string;
  /** How long to wait for the listener, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export type VerifyResult =
  | { kind: 'verified'; pipy: string; pipyVersion: string; listening: number; millis: number }
  | Failed;

/**
 * Loads a written codebase into the real Pipy binary and waits until Pipy reports the sidecar's listener, or exits.
 * Pipy runs in a network namespace of its own where `unshare -rn` works, so the check never binds a real port.
 */
export async function verifyCodebase(dir: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  // What is to be loaded first: a folder that holds no codebase is told as such on a machine without Pipy too.
  const read = readManifest(dir);
  if (read.kind === 'none')
    return {
      kind: 'failed',
      diagnostics: [
        error(
          'PIPYC6005',
          `${dir} is not a codebase: ${read.why}`,
          undefined,
          'compile one first: pipyc compile <spec> -o <dir>',
        ),
      ],
    };
  if (read.kind === 'tree') {
    return {
      kind: 'failed',
      diagnostics: [
        error(
          'PIPYC6005',
          `${dir} is a tree of identities, not one codebase`,
          undefined,
          `verify each: ${join(dir, '<namespace>', '<name>')} (the pipyc CLI verifies them all when given the tree)`,
        ),
      ],
    };
  }
  const manifest = read.manifest;
  const pipy = locatePipy(options.pipy);
  if (!pipy)
    return verifyFailed(
      'PIPYC6003',
      `no Pipy binary found${options.pipy ? ` at ${options.pipy}` : ' (set PIPY_BIN, pass --pipy, or put pipy on PATH)'}`,
    );
  const version = pipyVersion(pipy);
  if (version === 'unknown')
    return verifyFailed('PIPYC6003', `${pipy} is not a Pipy binary: its --version names no Pipy version`);
  const target = manifest.target ?? DEFAULT_TARGET;
  if (!runsOn(target, version)) {
    return {
      kind: 'failed',
      diagnostics: [
        error(
          'PIPYC6006',
          `${dir} was compiled for ${target}, but ${pipy} is Pipy ${version}`,
          undefined,
          `compile with --target ${targetFor(version)} for this binary, or verify with the binary the codebase is for (--pipy)`,
        ),
      ],
    };
  }
  // Both the listener line (INFO) and load errors (ERROR) must show. Pipy 1.5 orders DEBUG < WARN < INFO < ERROR, so
  // 'info' shows both; 0.90 orders DEBUG < WARN < ERROR < INFO, where 'info' would hide the errors and 'error' shows both.
  const argv = [`--log-level=${targetFor(version) === 'pipy-0.90' ? 'error' : 'info'}`, '--no-graph', manifest.entry];
  const isolated = spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore', timeout: 5000 }).status === 0;
  const [cmd, args] = isolated ? ['unshare', ['-rn', pipy, ...argv]] : [pipy, argv];
  const started = Date.now();
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const listening = new RegExp(`Listening on TCP port ${manifest.listenPort}\\b`);
  const outcome = await new Promise<'listening' | 'exited' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? 10_000);
    // Pipy sometimes does not exit after reporting a load error, so a reported error ends the wait by itself.
    let failing = false;
    const check = () => {
      if (listening.test(output)) return (clearTimeout(timer), resolve('listening'));
      if (!failing && /\[pjs\] (Syntax error|Error)|Unable to load module/.test(output)) {
        failing = true;
        setTimeout(() => (clearTimeout(timer), resolve('exited')), 300);
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('close', () => (clearTimeout(timer), resolve(listening.test(output) ? 'listening' : 'exited')));
    child.once('error', () => (clearTimeout(timer), resolve('exited')));
  });
  const millis = Date.now() - started;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  if (outcome === 'listening')
    return { kind: 'verified', pipy, pipyVersion: version, listening: manifest.listenPort, millis };
  if (outcome === 'timeout')
    return verifyFailed(
      'PIPYC5004',
      `Pipy did not report its listener on port ${manifest.listenPort} within ${options.timeoutMs ?? 10_000} ms`,
    );
  return { kind: 'failed', diagnostics: [pipyLoadError(output)] };
}

/**
 * The version `pipy --version` prints, e.g. 1.5.18 or 0.90.3-38. Pipy 1.5.18 now and then hangs in its exit handlers
 * after printing it (a race in its child-process monitor): the timeout ends that, and what it printed still counts.
 */
export function pipyVersion(pipy: string): string {
  const out = spawnSync(pipy, ['--version'], { encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' }).stdout ?? '';
  return /Version\s*:\s*(\S+)/.exec(out)?.[1] ?? 'unknown';
}

function verifyFailed(code: 'PIPYC5004' | 'PIPYC6003', message: string): VerifyResult {
  return { kind: 'failed', diagnostics: [error(code, message)] };
}
