import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** osm-edge's stock sidecar scripts (pkg/sidecar/providers/pipy/repo/codebase), never part of this repository. */
export function osmEdgeCodebase(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.OSM_EDGE_CODEBASE ?? '/usr/local/share/osm-edge/codebase';
  return existsSync(join(dir, 'main.js')) && existsSync(join(dir, 'modules', 'outbound-main.js')) ? dir : undefined;
}

/** Why the osm-edge parts cannot run here, or undefined: what to set, and how to get the scripts. */
export function osmEdgeMissing(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return osmEdgeCodebase(env)
    ? undefined
    : "no osm-edge codebase (set OSM_EDGE_CODEBASE, or extract flomesh-io/osm-edge's pkg/sidecar/providers/pipy/repo/codebase to /usr/local/share/osm-edge/codebase; bench/README.md)";
}

/**
 * A pod's sidecar codebase as osm-controller assembles it: osm-edge's scripts, each plugin at plugins/<name>.js, and
 * the pod's config.json.
 */
export function writeOsmEdgeCodebase(
  dir: string,
  source: string,
  config: object,
  plugins: Readonly<Record<string, string>> = {},
): string {
  cpSync(source, dir, { recursive: true });
  mkdirSync(join(dir, 'plugins'), { recursive: true });
  for (const [name, script] of Object.entries(plugins)) writeFileSync(join(dir, 'plugins', `${name}.js`), script);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 1));
  return dir;
}
