// What the runtime benchmarks need on the machine, and the Pipy binaries they measure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  MESH_CODEBASES,
  meshCodebase,
  meshCodebaseMissing,
  type MeshCodebases,
  type SidecarMesh,
} from '../../lab/mesh-codebase.js';
import { targetFor, type Target } from '../../src/sidecar-spec/targets.js';
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

/** Pipy 1.5.18 (PIPY_BIN or PATH), then where present Pipy 1.5.14 (fsm's) and Pipy 0.90.3 (osm-edge's). */
export function pipyBinaries(): PipyBinary[] {
  const paths = [
    locatePipy(),
    process.env.PIPY1514_BIN ?? '/usr/local/bin/pipy-1.5.14',
    process.env.PIPY090_BIN ?? '/usr/local/bin/pipy-0.90',
  ].filter((p): p is string => p !== undefined && existsSync(p));
  return paths.map((path) => {
    const version = pipyVersion(path);
    return {
      label: `Pipy ${version}`,
      key: `pipy-${version}`.replace(/[^\w.-]/g, '_'),
      path,
      target: targetFor(version),
    };
  });
}

export interface PipyBinary {
  /** `Pipy <version>`, as the tables are titled. */
  label: string;
  /** A file name for its rows' codebases and dumps: two binaries of one target do not share them. */
  key: string;
  path: string;
  /** The pipyc target of its version. */
  target: Target;
}

/**
 * The meshes' stock scripts found here, each mesh's missing one said in a line (its rows are left out); undefined
 * when a variable points at a directory without them.
 */
export function meshCodebases(log: (line: string) => void): MeshCodebases | undefined {
  const found: MeshCodebases = {};
  for (const mesh of Object.keys(MESH_CODEBASES) as SidecarMesh[]) {
    const variable = MESH_CODEBASES[mesh].env;
    const dir = meshCodebase(mesh);
    if (dir) found[mesh] = dir;
    else if (process.env[variable]) {
      console.error(
        `${variable}=${process.env[variable]} has no main.js and modules/outbound-main.js (see bench/README.md)`,
      );
      return undefined;
    } else log(`(${meshCodebaseMissing(mesh)}: the ${mesh} rows are left out)`);
  }
  return found;
}
