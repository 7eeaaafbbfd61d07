import type { BoundedLinesIR, LoggingIR, PipyLogLevel } from '../ir/runtime.js';
import type { SidecarLogLevel } from '../sidecar-spec/types.js';
import type { Target } from '../sidecar-spec/targets.js';

/**
 * SidecarLogLevel -> what is logged and the Pipy --log-level that shows it. The lines are console.log (INFO).
 * Pipy 1.5 orders DEBUG < WARN < INFO < ERROR and shows level >= the set one, so INFO lines show at debug, warn and
 * info; 'debug:user' avoids turning on every internal debug topic. Pipy 0.90 orders DEBUG < WARN < ERROR < INFO and
 * has no topics: 'error' shows the lines and Pipy's own errors ('info' would hide the errors), 'debug' everything.
 */
export function loggingOf(level: SidecarLogLevel, target: Target): LoggingIR {
  const on090 = target === 'pipy-0.90';
  const pipy = (v15: PipyLogLevel, v090: PipyLogLevel): PipyLogLevel => (on090 ? v090 : v15);
  switch (level) {
    case 'trace':
    case 'debug':
      return { kind: 'every-decision', pipyLogLevel: pipy('debug:user', 'debug') };
    case 'info':
      return { kind: 'egress-and-refusals', pipyLogLevel: pipy('info', 'error') };
    case 'warning':
    case 'warn':
      return { kind: 'refusals', pipyLogLevel: pipy('warn', 'error') };
    // osm-edge's and fsm's default level: what is refused is still written, each distinct refusal once a minute.
    case 'error':
    case 'critical':
      return { kind: 'bounded-refusals', pipyLogLevel: 'error' };
    case 'off':
      return { kind: 'none', pipyLogLevel: 'error' };
  }
}

/**
 * Bounded lines (would-deny, and refusals at error level) are written whatever the log level but off: as ERROR on
 * Pipy 1.5 (every level it takes shows ERROR), as INFO on Pipy 0.90 (its highest level: every level shows it). At
 * most `heardLimit` distinct keys per generation, two generations kept: about 1 MiB at most.
 */
export function boundedLinesOf(level: SidecarLogLevel, target: Target): BoundedLinesIR | null {
  return level === 'off' ? null : { writer: target === 'pipy-0.90' ? 'info' : 'error', heardLimit: 2048 };
}
