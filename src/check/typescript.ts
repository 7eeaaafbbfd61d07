import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/** The TypeScript compiler API, loaded on first use so that `pipyc --help` does not pay for it. */
let loaded: typeof TS | undefined;

export function typescript(): typeof TS {
  loaded ??= createRequire(import.meta.url)('typescript') as typeof TS;
  return loaded;
}
