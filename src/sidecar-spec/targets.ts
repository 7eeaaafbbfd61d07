/**
 * The Pipy versions pipyc compiles for. Everything version-specific is decided at compile time from the target, but
 * for what each output asks of the Pipy it loads in: the pipy-0.90 output's detection wait on a Pipy 1.5, the
 * pipy-1.5 output refusing Pipy 0.90 (docs/semantics.md, "Targets").
 * pipy-1.5: Pipy 1.5.x (tested on 1.5.14, fsm's sidecar, and 1.5.18). pipy-0.90: Pipy 0.90.3 (tag 0.90.3-38,
 * osm-edge's sidecar image; also runs on 1.5.x).
 */
export const TARGETS = ['pipy-1.5', 'pipy-0.90'] as const;
export type Target = (typeof TARGETS)[number];
export const DEFAULT_TARGET: Target = 'pipy-1.5';

/** Whether a Pipy binary's version (as `pipy --version` prints it) is one the target runs on. */
export function runsOn(target: Target, version: string): boolean {
  return target === 'pipy-0.90' ? /^0\.90\./.test(version) : /^1\.(?:[5-9]|\d{2,})\./.test(version);
}

/** The target a Pipy binary of this version runs. */
export function targetFor(version: string): Target {
  return /^0\./.test(version) ? 'pipy-0.90' : 'pipy-1.5';
}
