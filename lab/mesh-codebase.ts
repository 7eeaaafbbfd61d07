import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { asFsmConfig } from './fsm-config.js';

/** The meshes whose stock sidecar scripts the tests and benchmarks run pipyc's plugins in. */
export type SidecarMesh = 'osm-edge' | 'fsm';

interface MeshCodebase {
  /** The variable that points at the scripts, and where they are looked for without it. */
  env: string;
  dir: string;
  /** Where they come from (never part of this repository). */
  source: string;
  /**
   * How the controller writes a pod's config.json: fsm gzips it to config.json.gz when its MeshConfig's
   * `spec.sidecar.compressConfig` is true, its chart's default (pkg/sidecar/v1/providers/pipy/repo/jobs.go, marshal),
   * and marks config.json obsolete; its config.js reads the .gz first.
   */
  gzipConfig: boolean;
}

export const MESH_CODEBASES: Record<SidecarMesh, MeshCodebase> = {
  'osm-edge': {
    env: 'OSM_EDGE_CODEBASE',
    dir: '/usr/local/share/osm-edge/codebase',
    source: "flomesh-io/osm-edge's pkg/sidecar/providers/pipy/repo/codebase",
    gzipConfig: false,
  },
  fsm: {
    env: 'FSM_CODEBASE',
    dir: '/usr/local/share/fsm/codebase',
    source: "flomesh-io/fsm's pkg/sidecar/v1/providers/pipy/repo/codebase",
    gzipConfig: true,
  },
};

/** A mesh's stock sidecar scripts, if they are here. */
export function meshCodebase(mesh: SidecarMesh, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env[MESH_CODEBASES[mesh].env] ?? MESH_CODEBASES[mesh].dir;
  return existsSync(join(dir, 'main.js')) && existsSync(join(dir, 'modules', 'outbound-main.js')) ? dir : undefined;
}

/** Why a mesh's scripts cannot run here, or undefined: what to set, and how to get them. */
export function meshCodebaseMissing(mesh: SidecarMesh, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { env: name, dir, source } = MESH_CODEBASES[mesh];
  return meshCodebase(mesh, env)
    ? undefined
    : `no ${mesh} codebase (set ${name}, or extract ${source} to ${dir}; bench/README.md)`;
}

/** The meshes' stock scripts found here, by mesh (a mesh without them is left out). */
export type MeshCodebases = Partial<Record<SidecarMesh, string>>;

/**
 * A pod's sidecar codebase as the mesh's controller assembles it: the stock scripts, each plugin at
 * plugins/<name>.js, and the pod's config, given as osm-edge writes it (lab/osm-edge-config.ts) for the pod's
 * `identity` (`namespace/serviceaccount`): config.json, or for fsm in fsm's shape as config.json.gz in its place.
 */
export function writeMeshCodebase(
  mesh: SidecarMesh,
  dir: string,
  source: string,
  config: object,
  identity: string,
  plugins: Readonly<Record<string, string>> = {},
): string {
  cpSync(source, dir, { recursive: true });
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  for (const [name, script] of Object.entries(plugins)) writeFileSync(join(dir, 'plugins', `${name}.js`), script);
  const json = JSON.stringify(
    mesh === 'fsm' ? asFsmConfig(config as Record<string, unknown>, identity) : config,
    null,
    1,
  );
  if (MESH_CODEBASES[mesh].gzipConfig) {
    rmSync(join(dir, 'config.json'), { force: true });
    writeFileSync(join(dir, 'config.json.gz'), gzipSync(json));
  } else writeFileSync(join(dir, 'config.json'), json);
  return dir;
}
