// What the runtime benchmarks need on the machine, and the Pipy binaries they measure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { locatePipy } from '../../src/verify/pipy-binary.js';
import { pipyVersion } from '../../src/verify/verify.js';

/** A command, the arguments that show it runs, and the Debian package it comes in. */
export type Tool = readonly [string, readonly string[], string];

const TOOLS: readonly Tool[] = [
  ['ip', ['netns', 'list'], 'iproute2'],
  ['iptables', ['--version'], 'iptables'],
  ['setpriv', ['--version'], 'util-linux'],
  ['taskset', ['--version'], 'util-linux'],
  ['openssl', ['version'], 'openssl'],
  ['wrk', ['--version'], 'wrk'],
  ['nginx', ['-v'], 'nginx-light'],
];

/** Tools both runtime benchmarks use, plus `extra`; what is missing, in words. */
export function missingTools(extra: readonly Tool[] = []): string[] {
  return [
    ...(process.getuid?.() !== 0 ? ['root (network namespaces and iptables)'] : []),
    ...missingCommands([...TOOLS, ...extra]),
  ];
}

/** Which of `tools` do not run here, in words. */
export function missingCommands(tools: readonly Tool[]): string[] {
  const has = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  };
  // wrk --version exits 1 after printing its version; "not found" is what matters.
  return tools.flatMap(([cmd, args, pkg]) =>
    has(cmd, [...args]) || (cmd === 'wrk' && has('sh', ['-c', 'command -v wrk']))
      ? []
      : [`${cmd} (Debian package ${pkg})`],
  );
}

export function pipyBinaries(): { label: string; path: string }[] {
  const out: { label: string; path: string }[] = [];
  const current = locatePipy();
  if (current) out.push({ label: versionOf(current), path: current });
  const old = process.env.PIPY090_BIN ?? '/usr/local/bin/pipy-0.90';
  if (existsSync(old)) out.push({ label: versionOf(old), path: old });
  return out;
}

function versionOf(pipy: string): string {
  return `Pipy ${pipyVersion(pipy)}`;
}
