import { execFileSync } from 'node:child_process';
import { locatePipy } from '../../src/verify/pipy-binary.js';

function hasCommand(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** Why the real-Pipy tests cannot run here, or undefined when they can. */
export function realPipyMissing(): string | undefined {
  // The 0.90 test project names its own binary, or says why there is none.
  if (process.env.PIPYC_NO_PIPY) return process.env.PIPYC_NO_PIPY;
  // The same rule as `pipyc verify`: $PIPY_BIN, else `pipy` on PATH.
  if (!locatePipy()) return 'no Pipy binary (set PIPY_BIN or put pipy on PATH; see README "Real Pipy")';
  return undefined;
}

/** Why the network-namespace tests cannot run here, or undefined when they can. */
export function netnsMissing(): string | undefined {
  const pipy = realPipyMissing();
  if (pipy) return pipy;
  if (process.getuid?.() !== 0) return 'not root (network namespaces and iptables need root)';
  if (!hasCommand('ip', ['netns', 'list'])) return "no working 'ip netns' (install iproute2)";
  if (!hasCommand('iptables', ['--version'])) return 'no iptables (install iptables)';
  if (!hasCommand('openssl', ['version'])) return 'no openssl (install openssl)';
  if (!hasCommand('setpriv', ['--version'])) return 'no setpriv (install util-linux)';
  return undefined;
}

/** Why the DNS suites cannot run: no dnsmasq (Debian's dnsmasq package, which .ci/run installs). */
export function dnsmasqMissing(): string | undefined {
  return hasCommand('dnsmasq', ['--version']) ? undefined : "no dnsmasq (install Debian's dnsmasq; .ci/run does)";
}

/**
 * Prints the one line that says why a real-Pipy suite is skipped (vitest shows it above the skipped tests). Where every
 * real part is expected (PIPYC_REQUIRE_REAL_PARTS=1, as .ci/run sets it), a missing one fails the file instead: a CI
 * machine that lost its Pipy must not land untested code.
 */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (!reason) return;
  const line = `${process.env.PIPYC_TEST_PROJECT ?? 'tests'}: ${suite}: ${reason}`;
  if (process.env.PIPYC_REQUIRE_REAL_PARTS === '1')
    throw new Error(`a real part is missing where every one is required (PIPYC_REQUIRE_REAL_PARTS=1): ${line}`);
  console.warn(`[skip] ${line}`);
}

/** The target the real-Pipy suites compile for: the one of the binary this test project runs on. */
export const TEST_TARGET: 'pipy-1.5' | 'pipy-0.90' =
  process.env.PIPYC_TEST_PROJECT === 'pipy-0.90' ? 'pipy-0.90' : 'pipy-1.5';
