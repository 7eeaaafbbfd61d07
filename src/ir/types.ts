/**
 * The intermediate representation: everything the templates need, already decided.
 * Built only by normalize(); read only by generate(). Every union is discriminated by `kind`.
 */

export interface SidecarIR {
  kind: 'sidecar';
  listener: ListenerIR;
  logging: LoggingIR;
  upstream: UpstreamIR;
  mesh: PrefixSetIR;
  egress: EgressIR;
}

export interface ListenerIR {
  port: number;
}

/** Which decisions produce a log line. Decided at compile time: 'none' emits no logging code at all. */
export type LoggingIR =
  | { kind: 'none'; pipyLogLevel: PipyLogLevel }
  | { kind: 'every-decision'; pipyLogLevel: PipyLogLevel }
  | { kind: 'egress-and-refusals'; pipyLogLevel: PipyLogLevel }
  | { kind: 'refusals'; pipyLogLevel: PipyLogLevel };

/** Values of `pipy --log-level=` that show console.log (INFO) lines on Pipy 1.5 where logging is on. */
export type PipyLogLevel = 'debug:user' | 'info' | 'warn' | 'error';

export interface UpstreamIR {
  /** connect() options in seconds; null leaves Pipy's defaults. */
  timeouts: { connectTimeout: number; readTimeout: number; writeTimeout: number; idleTimeout: number } | null;
}

/** Membership tables keyed by src/net/prefix-key.ts; lengths are distinct and longest first. */
export interface PrefixSetIR {
  v4: PrefixTableIR;
  v6: PrefixTableIR;
}

export interface PrefixTableIR {
  lengths: number[];
  keys: string[];
}

export type EgressIR = { kind: 'passthrough' } | { kind: 'deny-all' };
