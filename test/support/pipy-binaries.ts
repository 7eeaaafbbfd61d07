import { locatePipy } from '../../src/verify/pipy-binary.js';

/** Pipy 0.90.3 (osm-edge's sidecar): PIPY090_BIN, else /usr/local/bin/pipy-0.90. */
export function locatePipy090(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // locatePipy(path) answers whether that path is an executable.
  return [env.PIPY090_BIN, '/usr/local/bin/pipy-0.90'].flatMap((p) => (p ? [locatePipy(p)] : [])).find(Boolean);
}

/** The binary each test project runs the real-Pipy suites on. */
export function binaryOfProject(project: string): string | undefined {
  return project === 'pipy-0.90' ? locatePipy090() : locatePipy();
}
