/**
 * A pipyc bug, never a problem of the input: an invariant of pipyc's own code does not hold (validation let through
 * what a later stage cannot take, a registry or family is inconsistent). The one way such a failure is raised; the CLI
 * reports it as an internal error, asking for a report.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

export function internalError(message: string): InternalError {
  return new InternalError(`internal: ${message}`);
}
