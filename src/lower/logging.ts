import type { LoggingIR } from '../ir/types.js';
import type { SidecarLogLevel } from '../spec/types.js';

/**
 * SidecarLogLevel -> what is logged and the Pipy --log-level that shows it.
 * The lines are console.log (INFO). Pipy 1.5 orders DEBUG < WARN < INFO < ERROR and shows level >= the set one,
 * so INFO lines show at debug, warn and info; 'debug:user' avoids turning on every internal debug topic.
 */
export function normalizeLogging(level: SidecarLogLevel): LoggingIR {
  switch (level) {
    case 'trace':
    case 'debug':
      return { kind: 'every-decision', pipyLogLevel: 'debug:user' };
    case 'info':
      return { kind: 'egress-and-refusals', pipyLogLevel: 'info' };
    case 'warning':
    case 'warn':
      return { kind: 'refusals', pipyLogLevel: 'warn' };
    case 'error':
    case 'critical':
    case 'off':
      return { kind: 'none', pipyLogLevel: 'error' };
  }
}
