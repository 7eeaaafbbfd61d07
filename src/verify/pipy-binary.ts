import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** An explicit path, else $PIPY_BIN, else `pipy` on PATH. */
export function locatePipy(explicit?: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = explicit
    ? [explicit]
    : env.PIPY_BIN
      ? [env.PIPY_BIN]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .map((d) => join(d, 'pipy'));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
