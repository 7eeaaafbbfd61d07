import { locatePipy } from '../../src/verify/pipy-binary.js';

/** Pipy 0.90.3 (osm-edge's sidecar): PIPY090_BIN, else /usr/local/bin/pipy-0.90. */
export function locatePipy090(env: NodeJS.ProcessEnv = process.env): string | undefined {
  // locatePipy(path) answers whether that path is an executable.
  return [env.PIPY090_BIN, '/usr/local/bin/pipy-0.90'].flatMap((p) => (p ? [locatePipy(p)] : [])).find(Boolean);
}

/** The binary each test project runs the real-Pipy suites on. */
export function binaryOfProject(project: string): string | undefined {
  return project === 'pipy-0.90' ? locatePipy090() : project === 'pipy-1.5.14' ? locatePipy1514() : locatePipy();
}

/** Pipy 1.5.14 (fsm's sidecar): PIPY1514_BIN, else /usr/local/bin/pipy-1.5.14. */
export function locatePipy1514(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [env.PIPY1514_BIN, '/usr/local/bin/pipy-1.5.14'].flatMap((p) => (p ? [locatePipy(p)] : [])).find(Boolean);
}

/** Every Pipy binary present, by name: each output target is run on each of them (test/e2e/targets-on-binaries.e2e.test.ts). */
export function binariesPresent(): { name: string; path: string }[] {
  return knownBinaries().flatMap((b) => (b.path ? [{ name: b.name, path: b.path }] : []));
}

/** The binaries pipyc's targets are for, each with its path here (undefined: not installed). */
export function knownBinaries(): { name: string; path: string | undefined }[] {
  return [
    { name: 'Pipy 1.5 (PIPY_BIN)', path: locatePipy() },
    { name: 'Pipy 1.5.14 (PIPY1514_BIN)', path: locatePipy1514() },
    { name: 'Pipy 0.90 (PIPY090_BIN)', path: locatePipy090() },
  ];
}
