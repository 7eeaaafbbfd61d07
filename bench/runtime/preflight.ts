// What the runtime benchmarks need on the machine, and the Pipy binaries they measure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { locatePipy } from '../../src/verify/pipy-binary.js';
import { pipyVersion } from '../../src/verify/verify.js';

/** Tools both runtime benchmarks use, plus `extra` ([command, args, Debian package]); what is missing, in words. */
export function missingTools(extra: (readonly [string, readonly string[], string])[] = []): string[] {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces and iptables)');
  const has = (cmd: string, args: string[]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
      return true;
    } catch {
      return false;
    }
  };
  const tools: (readonly [string, readonly string[], string])[] = [['ip', ['netns', 'list'], 'iproute2'], ['iptables', ['--version'], 'iptables'],
    ['setpriv', ['--version'], 'util-linux'], ['taskset', ['--version'], 'util-linux'], ['openssl', ['version'], 'openssl'], ['wrk', ['--version'], 'wrk'],
    ['nginx', ['-v'], 'nginx-light'], ...extra];
  for (const [cmd, args, pkg] of tools) {
    // wrk --version exits 1 after printing its version; "not found" is what matters.
    if (!has(cmd, [...args]) && !(cmd === 'wrk' && has('sh', ['-c', 'command -v wrk']))) missing.push(`${cmd} (Debian package ${pkg})`);
  }
  return missing;
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

